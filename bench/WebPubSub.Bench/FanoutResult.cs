using System.Globalization;

namespace AgentPlatform.WebPubSub.Bench;

/// <summary>One peer's fan-out figures: delivery latency of single messages and deliveries per second in bursts.</summary>
public sealed record FanoutResult(string Peer, int Members, double[] LatenciesMs, long Deliveries, long Expected, double BurstDeliveriesPerSecond)
{
    public double P50 => Stats.Percentile(LatenciesMs, 50);

    public double P99 => Stats.Percentile(LatenciesMs, 99);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"| {Peer} | {Members} | {Stats.Ms(P50)} | {Stats.Ms(P99)} | {Stats.Ms(Stats.Percentile(LatenciesMs, 100))} | {Deliveries}/{Expected} | {BurstDeliveriesPerSecond:F0} |");
}
