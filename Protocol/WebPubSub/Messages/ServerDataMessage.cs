namespace AgentPlatform.Protocol.WebPubSub.Messages;

/// <summary><c>{"type":"message","from":"server","dataType":…,"data":…,"sequenceId":8}</c>.</summary>
public sealed record ServerDataMessage(WebPubSubPayload Payload, ulong? SequenceId = null) : WebPubSubMessage;
