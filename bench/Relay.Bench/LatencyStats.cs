namespace AgentPlatform.Relay.Bench;

/// <summary>Percentiles of one scenario's round trips, and its bytes on the wire per call.</summary>
public sealed record LatencyStats(string Name, double P50Ms, double P99Ms, double BytesPerCall)
{
    public static LatencyStats From(string name, List<double> samplesMs, double bytesPerCall)
    {
        ArgumentNullException.ThrowIfNull(samplesMs);
        samplesMs.Sort();
        double Pct(double p) => samplesMs[Math.Min(samplesMs.Count - 1, (int)Math.Ceiling(p * samplesMs.Count) - 1)];
        return new LatencyStats(name, Pct(0.50), Pct(0.99), bytesPerCall);
    }
}
