namespace AgentPlatform.FunctionsHost.Tests.Support;

/// <summary>
/// Checks that items produced <c>intervalMs</c> apart arrived spread out the same way, not bunched: buffering on the way
/// shows as most gaps near zero and everything arriving at the end. A loaded machine may delay one item and deliver the
/// next right after it, so single gaps are not judged, only the median gap and the overall spread.
/// </summary>
public static class Pacing
{
    public static void AssertPaced(IReadOnlyList<double> arrivalsMs, int intervalMs)
    {
        ArgumentNullException.ThrowIfNull(arrivalsMs);
        var gaps = arrivalsMs.Zip(arrivalsMs.Skip(1), (a, b) => b - a).Order().ToArray();
        var median = gaps[gaps.Length / 2];
        Assert.InRange(median, intervalMs * 0.7, intervalMs * 1.6);
        Assert.InRange(arrivalsMs[^1] - arrivalsMs[0], intervalMs * (arrivalsMs.Count - 1) * 0.8, intervalMs * (arrivalsMs.Count - 1) * 2.5);
        // At most one gap in the lower half can collapse after a delayed item.
        Assert.True(gaps.Count(g => g < intervalMs * 0.5) <= 1, "gaps: " + string.Join(", ", gaps.Select(g => g.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture))));
    }
}
