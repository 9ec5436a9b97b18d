using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;
using AgentPlatform.Relay.Acp.Agents.Stdio;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AgentPlatform.Relay.Tests.Acp.Stdio;

/// <summary>After a crash the agent restarts after 250 ms, doubling on each crash in a row (on a fake clock).</summary>
public sealed class StdioRestartBackoffTests
{
    // A minimal agent: answers initialize, and exits with 1 on any other request (the test's way to crash it).
    private const string CrashOnRequest =
        "node -e 'require(\"readline\").createInterface({input: process.stdin}).on(\"line\", l => { const m = JSON.parse(l);"
        + " if (m.method === \"initialize\") process.stdout.write(JSON.stringify({jsonrpc: \"2.0\", id: m.id, result: {protocolVersion: 1, agentCapabilities: {}}}) + \"\\n\");"
        + " else if (m.id !== undefined) process.exit(1); })'";

    [Fact]
    public async Task Each_crash_in_a_row_doubles_the_restart_delay()
    {
        var time = new FakeTimeProvider();
        await using var agent = new StdioAcpAgent("crashy", new AcpStdioAgentOptions { Command = CrashOnRequest }, new AcpStdioOptions(),
            NullLogger<StdioAcpAgent>.Instance, time);
        await CrashAsync(agent);
        await AssertRestartsAfterAsync(agent, time, TimeSpan.FromMilliseconds(250));
        await CrashAsync(agent);
        await AssertRestartsAfterAsync(agent, time, TimeSpan.FromMilliseconds(500));
        await CrashAsync(agent);
        await AssertRestartsAfterAsync(agent, time, TimeSpan.FromMilliseconds(1000));
    }

    private static async Task CrashAsync(StdioAcpAgent agent)
    {
        var client = await StdioTestClient.AttachAsync(agent, "c");
        var reply = await client.RequestAsync(AcpMethods.SessionNew, new JsonObject { ["cwd"] = "/", ["mcpServers"] = new JsonArray() });
        Assert.Equal(1, (int?)reply.Error?["data"]?["exitCode"]);
        await client.Peer.Failed.WaitAsync(TimeSpan.FromSeconds(10));
        await client.DisposeAsync();
        Assert.Null(agent.ProcessId);
    }

    private static async Task AssertRestartsAfterAsync(StdioAcpAgent agent, FakeTimeProvider time, TimeSpan delay)
    {
        time.Advance(delay - TimeSpan.FromMilliseconds(1));
        await Task.Delay(300);
        Assert.Null(agent.ProcessId);
        time.Advance(TimeSpan.FromMilliseconds(1));
        for (var i = 0; i < 100 && agent.ProcessId is null; i++) await Task.Delay(50);
        Assert.NotNull(agent.ProcessId);
    }
}
