namespace AgentPlatform.Interop.Acp;

/// <summary>The replay extension's bounds (MaxMessages, acknowledgements, the window) on a Relay of its own configured small.</summary>
public sealed class AcpReplayLimitsTests
{
    [Fact]
    public async Task Replay_keeps_the_newest_unacknowledged_notifications_and_forgets_them_after_the_window()
    {
        await using var relay = new AcpRelayHost
        {
            Overrides = new Dictionary<string, string?> { ["Acp:Replay:MaxMessages"] = "5", ["Acp:Replay:Window"] = "00:00:01" },
        };
        await relay.InitializeAsync();
        var output = await relay.RunScriptAsync("replay-limits.mjs", TimeSpan.FromSeconds(60), "--max", "5", "--windowMs", "1000");
        Assert.Contains("PASS resume past the bound says truncated: true", output, StringComparison.Ordinal);
        Assert.Contains("PASS resume after the window → -32002 with data.sessionId", output, StringComparison.Ordinal);
    }
}
