namespace AgentPlatform.Protocol.Bench.MessagePackCSharp;

/// <summary>STREAM, data kept raw.</summary>
public sealed record MpcStreamFrame(string Id, ulong Seq, ReadOnlyMemory<byte> Data);
