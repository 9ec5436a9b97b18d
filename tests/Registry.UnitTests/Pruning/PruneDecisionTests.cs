using AgentPlatform.Registry.Pruning;

namespace AgentPlatform.Registry.UnitTests.Pruning;

public sealed class PruneDecisionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "healthy", PruneDecision.Action.None)]
    [InlineData(90_000, "healthy", PruneDecision.Action.None)] // exactly the timeout: still healthy
    [InlineData(90_001, "healthy", PruneDecision.Action.MarkStale)]
    [InlineData(120_000, "stale", PruneDecision.Action.None)] // already stale: no second event
    [InlineData(150_000, "stale", PruneDecision.Action.None)]
    [InlineData(150_001, "stale", PruneDecision.Action.Remove)]
    [InlineData(150_001, "healthy", PruneDecision.Action.Remove)] // a registry that was down: removal wins
    [InlineData(-5_000, "healthy", PruneDecision.Action.None)] // heartbeat from a clock slightly ahead
    public void Decides_from_silence_against_timeout_and_removal_delay(int silenceMs, string status, PruneDecision.Action expected) =>
        Assert.Equal(expected, PruneDecision.Decide(T0, status, T0.AddMilliseconds(silenceMs), TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(60)));
}
