namespace AgentPlatform.Interop.Acp;

/// <summary>
/// The stdio agent crashing under SDK clients, on a Relay and agent of its own (the test kills that agent): errors
/// for pending requests, connections closed with 1011, the agent restarted for the next connection.
/// </summary>
public sealed class AcpAgentCrashTests
{
    [Fact]
    public async Task A_crashed_agent_fails_pending_requests_closes_its_clients_and_restarts()
    {
        await using var relay = new AcpRelayHost();
        await relay.InitializeAsync();
        var output = await relay.RunScriptAsync("crash.mjs", TimeSpan.FromSeconds(90));
        Assert.Contains("PASS the restarted agent answers prompts", output, StringComparison.Ordinal);
    }
}
