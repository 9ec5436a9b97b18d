using System.Globalization;

namespace AgentPlatform.WebPubSub.Bench;

/// <summary>One peer's sequential round trips (send, wait for the answer).</summary>
public sealed record RoundTripResult(string Peer, double[] LatenciesMs, double Seconds)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"| {Peer} | {LatenciesMs.Length} | {Stats.Ms(Stats.Percentile(LatenciesMs, 50))} | {Stats.Ms(Stats.Percentile(LatenciesMs, 99))} | {LatenciesMs.Length / Seconds:F0} |");
}
