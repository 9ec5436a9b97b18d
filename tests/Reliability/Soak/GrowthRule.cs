using AgentPlatform.Reliability.Suite;

namespace AgentPlatform.Reliability.Soak;

/// <summary>
/// "Nothing grows after warm-up", as a rule one can check by hand from the printed curve: for each process, take the
/// samples after warm-up (the first quarter of the run), and compare the median of their last third with the median of
/// their first third. RSS may rise by at most max(15 %, 16 MiB) (the GC sizes its heaps in steps), open descriptors by
/// at most max(10 %, 8), threads by at most max(10 %, 6) (the thread pool injects and retires threads with load).
/// </summary>
public static class GrowthRule
{
    public const double RssFraction = 0.15;
    public const long RssSlackBytes = 16L << 20;
    public const double CountFraction = 0.10;
    public const int FdSlack = 8;
    public const int ThreadSlack = 6;

    public static string Text =>
        "after warm-up (first quarter), the median of the last third of the samples is within max(15 %, 16 MiB) RSS, " +
        "max(10 %, 8) fds and max(10 %, 6) threads of the median of the first third, per process";

    /// <summary>Each breach as one line ("relay: RSS 80 -> 120 MiB"); empty when every process holds.</summary>
    public static IReadOnlyList<string> Breaches(IReadOnlyList<ResourceSample> samples, TimeSpan warmUp)
    {
        ArgumentNullException.ThrowIfNull(samples);
        List<string> breaches = [];
        foreach (var process in samples.GroupBy(s => s.Process, StringComparer.Ordinal))
        {
            var steady = process.Where(s => s.At >= warmUp).OrderBy(s => s.At).ToList();
            if (steady.Count < 3)
            {
                breaches.Add($"{process.Key}: only {steady.Count} samples after warm-up");
                continue;
            }
            var third = Math.Max(1, steady.Count / 3);
            var early = steady.Take(third).ToList();
            var late = steady.TakeLast(third).ToList();
            Check(breaches, process.Key, "RSS MiB", Median(early, s => s.RssBytes) / 1048576.0, Median(late, s => s.RssBytes) / 1048576.0,
                Math.Max(RssFraction * Median(early, s => s.RssBytes), RssSlackBytes) / 1048576.0);
            Check(breaches, process.Key, "fds", Median(early, s => s.Handles), Median(late, s => s.Handles), Math.Max(CountFraction * Median(early, s => s.Handles), FdSlack));
            Check(breaches, process.Key, "threads", Median(early, s => s.Threads), Median(late, s => s.Threads), Math.Max(CountFraction * Median(early, s => s.Threads), ThreadSlack));
        }
        return breaches;
    }

    private static void Check(List<string> breaches, string process, string what, double early, double late, double allowed)
    {
        if (late - early > allowed) breaches.Add($"{process}: {what} {early:F0} -> {late:F0} (allowed +{allowed:F0})");
    }

    private static double Median(List<ResourceSample> samples, Func<ResourceSample, double> value)
    {
        var sorted = samples.Select(value).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
