using System.Diagnostics;

namespace AgentPlatform.Agenkit.Bench;

/// <summary>Percentiles of one path's sequential round trips, in microseconds.</summary>
public sealed record Latency(double P50Us, double P99Us)
{
    public static readonly Latency None = new(double.NaN, double.NaN);

    /// <summary>Runs <paramref name="call"/> <paramref name="warmup"/> times unmeasured, then <paramref name="calls"/> times measured.</summary>
    public static async Task<Latency> MeasureAsync(int calls, int warmup, Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var i = 0; i < warmup; i++) await call();
        var samples = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            await call();
            samples[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
        }
        Array.Sort(samples);
        double Pct(double p) => samples[Math.Min(samples.Length - 1, (int)Math.Ceiling(p * samples.Length) - 1)];
        return new Latency(Pct(0.50), Pct(0.99));
    }
}
