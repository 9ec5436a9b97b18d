using System.Globalization;

namespace AgentPlatform.Registry.Bench;

/// <summary>Latencies (ms) of one run and its failure counts.</summary>
internal sealed record LoadResult(string Peer, double[] LatenciesMs, long NotFound, long Errors, double MaxLatenessMs, long PrunedEvents, int HealthyAtEnd)
{
    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0) return double.NaN;
        var index = (int)Math.Ceiling(p / 100 * LatenciesMs.Length) - 1;
        return LatenciesMs[Math.Clamp(index, 0, LatenciesMs.Length - 1)];
    }

    public string ToJson() => string.Create(CultureInfo.InvariantCulture,
        $"{{\"peer\":\"{Peer}\",\"heartbeats\":{LatenciesMs.Length},\"p50Ms\":{Percentile(50):F3},\"p99Ms\":{Percentile(99):F3},\"p999Ms\":{Percentile(99.9):F3},\"notFound\":{NotFound},\"errors\":{Errors},\"pruned\":{PrunedEvents},\"healthy\":{HealthyAtEnd},\"maxLatenessMs\":{MaxLatenessMs:F1}}}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"| {Peer} | {LatenciesMs.Length} | {Percentile(50):F2} | {Percentile(99):F2} | {Percentile(99.9):F2} | {(LatenciesMs.Length > 0 ? LatenciesMs[^1] : double.NaN):F1} | {MaxLatenessMs:F0} | {NotFound} | {Errors} | {PrunedEvents} | {HealthyAtEnd} |");
}
