namespace AgentPlatform.Protocol.WebPubSub.Messages;

/// <summary>
/// <c>{"type":"system","event":"connected","userId":"u","connectionId":"c","reconnectionToken":"t"}</c>; the token
/// only for reliable connections.
/// </summary>
public sealed record ConnectedMessage(string ConnectionId, string? UserId, string? ReconnectionToken = null) : WebPubSubMessage;
