namespace AgentPlatform.Protocol.Bench.MessagePackCSharp;

/// <summary>COMPLETE, result kept raw, metrics as numbers.</summary>
public sealed record MpcCompleteFrame(string Id, ReadOnlyMemory<byte> Result, double DurationMs, double? CpuMs, ulong? Chunks, ulong? Bytes);
