namespace AgentPlatform.AgentChat.Bench;

/// <summary>Nearest-rank percentiles of a sample.</summary>
public static class Percentiles
{
    public static double Of(List<double> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
