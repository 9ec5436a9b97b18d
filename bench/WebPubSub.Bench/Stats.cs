using System.Globalization;

namespace AgentPlatform.WebPubSub.Bench;

/// <summary>Percentiles over latency samples in milliseconds.</summary>
public static class Stats
{
    public static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static string Ms(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
}
