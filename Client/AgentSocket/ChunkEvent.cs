using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Client.AgentSocket;

/// <summary>A STREAM chunk; <see cref="Seq"/> counts chunks of the invocation from 0.</summary>
public sealed record ChunkEvent(string InvocationId, ulong Seq, MsgPackValue Data) : InvocationEvent(InvocationId);
