namespace AgentPlatform.Protocol.WebPubSub.Requests;

/// <summary><c>{"type":"sequenceAck","sequenceId":5}</c>: cumulative; every message up to the id was received.</summary>
public sealed record SequenceAckRequest(ulong SequenceId) : WebPubSubRequest;
