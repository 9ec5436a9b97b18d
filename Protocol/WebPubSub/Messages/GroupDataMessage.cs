namespace AgentPlatform.Protocol.WebPubSub.Messages;

/// <summary>
/// <c>{"type":"message","from":"group","group":"g","fromUserId":"u","dataType":…,"data":…,"sequenceId":7}</c>.
/// <see cref="SequenceId"/> is written only for reliable connections.
/// </summary>
public sealed record GroupDataMessage(string Group, string? FromUserId, WebPubSubPayload Payload, ulong? SequenceId = null) : WebPubSubMessage;
