namespace AgentPlatform.Protocol.WebPubSub.Messages;

/// <summary><c>{"type":"system","event":"disconnected","message":"reason"}</c>, sent before the service closes a client.</summary>
public sealed record DisconnectedMessage(string Message) : WebPubSubMessage;
