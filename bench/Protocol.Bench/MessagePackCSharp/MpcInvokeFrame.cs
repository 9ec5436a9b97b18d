namespace AgentPlatform.Protocol.Bench.MessagePackCSharp;

/// <summary>INVOKE as MessagePack-CSharp decodes it here: the any-typed input kept as its raw bytes, as ours keeps it.</summary>
public sealed record MpcInvokeFrame(string Id, string Agent, ReadOnlyMemory<byte> Input, uint? TimeoutMs);
