using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.AspV1;

/// <summary>COMPLETE's <c>metrics</c>: <c>{durationMs, cpuMs?, chunks?, bytes?, ...}</c>.</summary>
/// <param name="DurationMs">Key <c>durationMs</c>: wall time from INVOKE to COMPLETE as measured by the server.</param>
public sealed record CompleteMetrics(double DurationMs)
{
    /// <summary>Key <c>cpuMs</c>: the agent's CPU time, when known.</summary>
    public double? CpuMs { get; init; }

    /// <summary>Key <c>chunks</c>: the number of STREAM frames sent.</summary>
    public ulong? Chunks { get; init; }

    /// <summary>Key <c>bytes</c>: the total encoded size of the STREAM <c>data</c> values.</summary>
    public ulong? Bytes { get; init; }

    /// <summary>Other metrics, kept in order (keys are strings).</summary>
    public IReadOnlyList<KeyValuePair<string, MsgPackValue>> Additional { get; init; } = [];

    /// <inheritdoc/>
    public bool Equals(CompleteMetrics? other) => other is not null && DurationMs.Equals(other.DurationMs)
        && Nullable.Equals(CpuMs, other.CpuMs) && Chunks == other.Chunks && Bytes == other.Bytes
        && Additional.SequenceEqual(other.Additional);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(DurationMs, CpuMs, Chunks, Bytes, Additional.Count);
}
