using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Client.AgentSocket;

/// <summary>COMPLETE: the last event of a successful invocation, with its result and metrics.</summary>
public sealed record CompleteEvent(string InvocationId, MsgPackValue? Result, CompleteMetrics? Metrics) : InvocationEvent(InvocationId);
