using System.Globalization;

namespace AgentPlatform.AgentChat.Bench;

/// <summary>One peer's figures: sequential single messages (latency) and a burst (throughput).</summary>
public sealed record PeerResult(string Peer, int Members, double P50, double P99, double Max, double BurstMessagesPerSecond,
    double BurstDeliveriesPerSecond, double BurstP99, long Delivered, long Expected)
{
    public string Row(PeerResult floor)
    {
        ArgumentNullException.ThrowIfNull(floor);
        var vs = ReferenceEquals(this, floor) ? "1 / 1" : string.Create(CultureInfo.InvariantCulture, $"x{P99 / floor.P99:F2} / x{BurstMessagesPerSecond / floor.BurstMessagesPerSecond:F2}");
        return string.Create(CultureInfo.InvariantCulture,
            $"| {Peer} | {Members} | {P50:F2} | {P99:F2} | {Max:F2} | {BurstMessagesPerSecond:N0} | {BurstDeliveriesPerSecond:N0} | {BurstP99:F1} | {vs} |");
    }

    public const string Header = "| peer | members | p50 ms | p99 ms | max ms | burst messages/s | burst deliveries/s | burst p99 ms | vs floor: p99 / messages/s |\n|---|---|---|---|---|---|---|---|---|";
}
