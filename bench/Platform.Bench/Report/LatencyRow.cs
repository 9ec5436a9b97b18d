namespace AgentPlatform.Platform.Bench.Report;

/// <summary>One latency row: which client, which path, p50/p99 of its sequential calls, bytes per call (NaN if not counted).</summary>
public sealed record LatencyRow(string Client, string Path, double P50Ms, double P99Ms, double BytesPerCall)
{
    public static LatencyRow From(string client, string path, double[] samplesMs, double bytesPerCall)
    {
        ArgumentNullException.ThrowIfNull(samplesMs);
        var sorted = samplesMs.Order().ToArray();
        return new LatencyRow(client, path, Percentile(sorted, 0.50), Percentile(sorted, 0.99), bytesPerCall);
    }

    /// <summary>Nearest-rank percentile of sorted samples.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
