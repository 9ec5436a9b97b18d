using System.Globalization;
using AgentPlatform.AgentHost.Agenkit;
using AgentPlatform.Client.Agenkit;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Interop.Agenkit;

/// <summary>
/// The .NET SDK against the independent Python peer, and the whole chain Python client → Relay → LocalAgent
/// registered over the wire, including seed 003 §9.4's "peer killed mid-request" with real processes.
/// </summary>
public sealed class CrossImplementationTests(AgenkitInteropHosts hosts) : IClassFixture<AgenkitInteropHosts>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string NewEndpoint(string transport) => transport == "unix"
        ? "unix://" + Path.Combine(hosts.DataDir, "py-" + Guid.NewGuid().ToString("N")[..8] + ".sock")
        : "tcp://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task RemoteAgent_calls_the_Python_server_process_stream_and_pipelined(string transport)
    {
        var endpoint = NewEndpoint(transport);
        await using var server = PythonAgenkit.Start("serve", endpoint);
        await server.WaitForLineAsync(l => l == "READY", TimeSpan.FromSeconds(20));
        await using var remote = new RemoteAgent("py", endpoint, new RemoteAgentOptions { MaxConnections = 1 });
        Assert.Equal("Echo: hi", (await remote.ProcessAsync("hi", Ct)).ContentText);
        var chunks = new List<string>();
        await foreach (var m in remote.StreamAsync("streamed", Ct)) chunks.Add(m.ContentText);
        Assert.Equal(["Echo: streamed", "Echo: streamed"], chunks);
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => remote.ProcessAsync("n" + i, Ct)));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => "Echo: n" + i), answers.Select(a => a.ContentText));
    }

    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task A_server_process_killed_mid_request_fails_the_call_at_once_not_at_the_deadline(string transport)
    {
        var endpoint = NewEndpoint(transport);
        await using var server = PythonAgenkit.Start("serve", endpoint);
        await server.WaitForLineAsync(l => l == "READY", TimeSpan.FromSeconds(20));
        await using var remote = new RemoteAgent("py", endpoint, new RemoteAgentOptions { MaxAttempts = 2, InitialBackoff = TimeSpan.FromMilliseconds(10) });
        Assert.Equal("Echo: up", (await remote.ProcessAsync("up", Ct)).ContentText);
        var call = remote.ProcessAsync("hang", Ct);
        await Task.Delay(300, Ct);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        server.Kill();
        var ex = await Assert.ThrowsAsync<AgenkitRemoteException>(() => call);
        Assert.Contains(ex.Code, new[] { AgenkitErrorCodes.ConnectionClosed, AgenkitErrorCodes.ConnectionFailed });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
    }

    [Theory]
    [InlineData("relay-unix")]
    [InlineData("relay-tcp")]
    public async Task A_LocalAgent_registered_with_the_Relay_is_reached_by_the_Python_client_through_it(string target)
    {
        var name = "interop-" + Guid.NewGuid().ToString("N")[..8];
        await using var local = await LocalAgent.StartAsync([new HangingEchoAgent(name)],
            new LocalAgentOptions { Endpoint = NewEndpoint("unix"), Registry = hosts.Endpoint(target) }, cancellationToken: Ct);
        var lines = await PythonAgenkit.RunAsync("process", hosts.Endpoint(target), name, "\"via the relay\"");
        Assert.Equal("via the relay", Assert.Single(lines).GetProperty("message").GetProperty("content").GetString());
        var streamed = await PythonAgenkit.RunAsync("stream", hosts.Endpoint(target), name, "\"streamed via the relay\"");
        Assert.Equal("streamed via the relay", streamed[0].GetProperty("chunk").GetProperty("content").GetString());
    }

    [Fact]
    public async Task The_Python_client_registers_heartbeats_and_unregisters_at_the_Relay()
    {
        var name = "py-reg-" + Guid.NewGuid().ToString("N")[..8];
        var lines = await PythonAgenkit.RunAsync("registry", hosts.RelayUnix, name, "unix:///nowhere/" + name + ".sock");
        Assert.Equal(["register", "heartbeat", "unregister"], lines.Select(l => l.GetProperty("step").GetString()));
        Assert.All(lines, l => Assert.Equal("response", l.GetProperty("type").GetString()));
        // Unregistered: a heartbeat now is refused, so the agent knows to register again.
        var again = await PythonAgenkit.RunAsync("registry", hosts.RelayTcp, name, "unix:///nowhere/" + name + ".sock");
        Assert.Equal("response", again[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_Python_client_killed_mid_request_cancels_the_agent_behind_the_Relay()
    {
        var name = "interop-" + Guid.NewGuid().ToString("N")[..8];
        var agent = new HangingEchoAgent(name);
        await using var local = await LocalAgent.StartAsync([agent], new LocalAgentOptions { Endpoint = NewEndpoint("tcp"), Registry = hosts.RelayUnix }, cancellationToken: Ct);
        await using var client = PythonAgenkit.Start("process", hosts.RelayUnix, name, "\"hang\"");
        await agent.Started.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        client.Kill();
        await agent.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        // The Relay goes on serving.
        var lines = await PythonAgenkit.RunAsync("process", hosts.RelayUnix, "echo", "\"after\"");
        Assert.Equal("after", Assert.Single(lines).GetProperty("message").GetProperty("content").GetString());
    }
}
