using AgentPlatform.Protocol.Acp;
using AgentPlatform.Relay.Acp.Agents;
using AgentPlatform.Relay.Acp.Agents.Stdio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Relay.Tests.Acp.Stdio;

/// <summary>Starting, crashing, restarting and stopping the shared process; what it writes that is not protocol.</summary>
public sealed class StdioLifecycleTests
{
    [Fact]
    public async Task A_crash_fails_every_pending_request_and_attachment_then_the_agent_restarts()
    {
        await using var agent = StdioAgentHarness.Create();
        var a = await StdioTestClient.AttachAsync(agent, "a");
        var b = await StdioTestClient.AttachAsync(agent, "b");
        var firstPid = agent.ProcessId;
        var sa = await a.NewSessionAsync();
        var sb = await b.NewSessionAsync();
        var slow = a.PromptAsync(sa, "slow", id: "long");
        await a.Peer.WaitForAsync(m => m.Method == AcpMethods.SessionUpdate);

        var crash = await b.PromptAsync(sb, "crash", id: "boom");
        var long1 = await slow;
        foreach (var failed in new[] { crash, long1 })
        {
            Assert.Equal(JsonRpcErrorCodes.InternalError, (int?)failed.Error?["code"]);
            Assert.Equal("agent exited", (string?)failed.Error?["data"]?["reason"]);
            Assert.Equal(3, (int?)failed.Error?["data"]?["exitCode"]);
        }
        Assert.Contains("exited with code 3", await a.Peer.Failed.WaitAsync(TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
        Assert.Contains("exited with code 3", await b.Peer.Failed.WaitAsync(TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
        // The error responses were sent before the failure.
        Assert.Contains(a.Peer.Received, m => m.IdKey == "s:long");

        // Nothing follows the failure: the connection is over.
        var count = a.Peer.Received.Count;
        await a.SendAsync(JsonRpcMessage.Request("after", AcpMethods.SessionPrompt, StdioTestClient.Prompt(sa, "hi")));
        await Task.Delay(200);
        Assert.Equal(count, a.Peer.Received.Count);
        await a.DisposeAsync();
        await b.DisposeAsync();

        // Restarted eagerly: a new client attaches to a new process that works.
        await using var c = await StdioTestClient.AttachAsync(agent, "c");
        Assert.NotNull(agent.ProcessId);
        Assert.NotEqual(firstPid, agent.ProcessId);
        var sc = await c.NewSessionAsync();
        Assert.Equal("end_turn", (string?)(await c.PromptAsync(sc, "hello")).Result?["stopReason"]);
        Assert.Equal($"[{sc}] echo: hello", c.AgentChunks(sc).Single());
    }

    [Fact]
    public async Task The_agent_restarts_on_its_own_after_a_crash_before_any_client_asks()
    {
        await using var agent = StdioAgentHarness.Create();
        var a = await StdioTestClient.AttachAsync(agent, "a");
        var firstPid = agent.ProcessId;
        var session = await a.NewSessionAsync();
        await a.PromptAsync(session, "crash");
        await a.Peer.Failed.WaitAsync(TimeSpan.FromSeconds(10));
        await a.DisposeAsync();
        for (var i = 0; i < 100 && (agent.ProcessId is null || agent.ProcessId == firstPid); i++) await Task.Delay(100);
        Assert.NotNull(agent.ProcessId);
        Assert.NotEqual(firstPid, agent.ProcessId);
    }

    [Fact]
    public async Task Malformed_and_oversized_agent_output_is_skipped_and_the_rest_still_flows()
    {
        await using var agent = StdioAgentHarness.Create(options: new AcpStdioOptions { MaxMessageBytes = 4096 });
        await using var a = await StdioTestClient.AttachAsync(agent, "a");
        var session = await a.NewSessionAsync();
        Assert.Equal("end_turn", (string?)(await a.PromptAsync(session, "garbage")).Result?["stopReason"]);
        Assert.Equal([$"[{session}] after garbage"], a.AgentChunks(session));

        // A chunk over Acp:MaxMessageBytes is dropped whole; the next line is whole again.
        var big = new string('x', 5000);
        Assert.Equal("end_turn", (string?)(await a.PromptAsync(session, big)).Result?["stopReason"]);
        Assert.Equal("end_turn", (string?)(await a.PromptAsync(session, "small")).Result?["stopReason"]);
        Assert.Equal([$"[{session}] after garbage", $"[{session}] echo: small"], a.AgentChunks(session));
        Assert.Equal(3, a.Peer.Received.Count(m => m.Kind == JsonRpcKind.Response && m.Result?["stopReason"] is not null));
    }

    [Fact]
    public async Task A_program_that_does_not_exist_makes_attach_throw_agent_unavailable()
    {
        await using var agent = StdioAgentHarness.Create(command: "agentplatform-no-such-program-42 --stdio");
        var error = await Assert.ThrowsAsync<AcpAgentUnavailableException>(async () => await StdioTestClient.AttachAsync(agent, "a"));
        Assert.Contains("'test'", error.Message, StringComparison.Ordinal);
        Assert.Equal("agent 'test' could not start", error.Message);
        // The program and the OS error stay in the Relay's log.
        Assert.DoesNotContain("agentplatform-no-such-program-42", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_that_exits_before_initialize_makes_attach_throw_and_a_later_attach_tries_again()
    {
        await using var agent = StdioAgentHarness.Create(command: "node -e 'process.exit(5)'");
        var first = await Assert.ThrowsAsync<AcpAgentUnavailableException>(async () => await StdioTestClient.AttachAsync(agent, "a"));
        Assert.Contains("exited with code 5 before answering initialize", first.Message, StringComparison.Ordinal);
        var second = await Assert.ThrowsAsync<AcpAgentUnavailableException>(async () => await StdioTestClient.AttachAsync(agent, "b"));
        Assert.Contains("exited with code 5", second.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_that_never_answers_initialize_times_out_as_unavailable()
    {
        await using var agent = StdioAgentHarness.Create(command: "node -e 'setTimeout(() => {}, 60000)'",
            options: new AcpStdioOptions { InitializeTimeout = TimeSpan.FromMilliseconds(700) });
        var error = await Assert.ThrowsAsync<AcpAgentUnavailableException>(async () => await StdioTestClient.AttachAsync(agent, "a"));
        Assert.Contains("did not answer initialize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_the_host_stops_the_agent_process()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Acp:Agents:echo:Command"] = "node '" + StdioAgentHarness.AgentScript + "'",
        }).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAcpStdioAgents(config);
        using var host = builder.Build();
        await host.StartAsync();
        var provider = Assert.Single(host.Services.GetServices<IAcpAgentProvider>());
        Assert.Null(provider.Find("other"));
        var agent = Assert.IsType<StdioAcpAgent>(provider.Find("ECHO"));
        var a = await StdioTestClient.AttachAsync(agent, "a");
        var pid = agent.ProcessId!.Value;
        await host.StopAsync();
        Assert.Contains("stopped", await a.Peer.Failed.WaitAsync(TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(pid));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("'unclosed")]
    public void A_command_that_names_no_program_stops_the_relay_at_start_naming_the_key(string command)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Acp:Agents:broken:Command"] = command,
            ["Acp:Agents:broken:WorkingDirectory"] = "",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddAcpStdioAgents(config).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AcpStdioOptions>>().Value);
        Assert.Contains("Acp:Agents:broken:Command", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_configuration_keys_reach_the_options()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Acp:Agents:one:Command"] = "node agent.mjs --flag",
            ["Acp:Agents:one:WorkingDirectory"] = Path.GetTempPath(),
            ["Acp:MaxMessageBytes"] = "1234",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddAcpStdioAgents(config).BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<AcpStdioOptions>>().Value;
        Assert.Equal(1234, options.MaxMessageBytes);
        Assert.Equal("node agent.mjs --flag", options.Agents["one"].Command);
        Assert.Equal(Path.GetTempPath(), options.Agents["one"].WorkingDirectory);
        var withoutAgents = new ServiceCollection().AddLogging().AddAcpStdioAgents(new ConfigurationBuilder().Build()).BuildServiceProvider();
        Assert.Equal(AcpStdioOptions.DefaultMaxMessageBytes, withoutAgents.GetRequiredService<IOptions<AcpStdioOptions>>().Value.MaxMessageBytes);
        withoutAgents.Dispose();
    }
}
