using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Relay.Agenkit;
using AgentPlatform.Relay.Routing;
using AgentPlatform.Relay.Tests.Infrastructure;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Relay.Tests.Agenkit;

/// <summary>Agents that register over the socket: in the Registry, reached by name through the Relay, pruned when silent.</summary>
[Collection(PlatformGroup.Name)]
public sealed class AgenkitRegisteredAgentTests(PlatformFixture platform)
{
    private static AgenkitEnvelope Register(string name, string endpoint) => AgenkitEnvelope.Create(AgenkitMessageType.Register, "reg-" + name,
        new AgenkitRegistration(name, endpoint, new JsonObject { ["streaming"] = true }, new JsonObject { ["version"] = "1.0.0" }).ToPayload());

    private static AgenkitEnvelope Heartbeat(string name) =>
        AgenkitEnvelope.Create(AgenkitMessageType.Heartbeat, "hb-" + Guid.NewGuid().ToString("N")[..6], new AgenkitHeartbeat(name, "healthy").ToPayload());

    [Fact]
    public async Task A_registered_agent_is_in_the_Registry_and_reached_by_name_over_both_transports_then_unregistered()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        var name = "ak-" + Guid.NewGuid().ToString("N")[..8];
        await using var agent = new TestAgenkitAgent(Path.Combine(relay.Directory, name + ".sock"));
        await using var control = await relay.ConnectAsync("unix");
        await control.SendAsync(Register(name, agent.Endpoint));
        var registered = await control.ExpectAsync();
        Assert.Equal(AgenkitMessageType.Response, registered.Type);
        Assert.Equal("registered", registered.Payload["status"]!.GetValue<string>());

        using var http = new HttpClient { BaseAddress = platform.RegistryUrl };
        var entry = await http.GetFromJsonAsync($"/v1/agents/{name}", RegistryJsonContext.Default.AgentEntry);
        var instance = Assert.Single(entry!.Instances);
        Assert.Equal(AgentProtocols.Agenkit, instance.Protocol);
        Assert.Equal(agent.Endpoint, instance.Endpoint);
        Assert.Equal(AgentModes.Direct, instance.Mode);
        Assert.Contains("stream", instance.Capabilities);

        foreach (var transport in AgenkitRelay.Transports)
        {
            await using var client = await relay.ConnectAsync(transport);
            await client.SendRequestAsync("p-" + transport, AgenkitMethods.Process, name, "Hello");
            var response = await client.ExpectAsync();
            Assert.Equal(AgenkitMessageType.Response, response.Type);
            Assert.Equal("p-" + transport, response.Id);
            Assert.Equal("Processed: Hello", response.Payload["message"]!["content"]!.GetValue<string>());
            await client.SendRequestAsync("s-" + transport, AgenkitMethods.Stream, name, "Hello");
            var frames = await client.ReceiveUntilAsync(f => f.Type is AgenkitMessageType.StreamEnd or AgenkitMessageType.Error);
            Assert.Equal(["part 0", "part 1", "part 2"], frames.Where(f => f.Type == AgenkitMessageType.StreamChunk)
                .Select(f => f.Payload["message"]!["content"]!.GetValue<string>()));
            Assert.All(frames, f => Assert.Equal("s-" + transport, f.Id));
        }
        Assert.Equal(4, agent.Served);

        await control.SendAsync(Heartbeat(name));
        Assert.Equal("ok", (await control.ExpectAsync()).Payload["status"]!.GetValue<string>());
        await control.SendAsync(AgenkitEnvelope.Create(AgenkitMessageType.Unregister, "un-1", new JsonObject { ["agent_name"] = name }));
        Assert.Equal("unregistered", (await control.ExpectAsync()).Payload["status"]!.GetValue<string>());
        var gone = await http.GetAsync(new Uri($"/v1/agents/{name}", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
        // The Relay's Registry view follows the watch stream; until then it still lists the instance.
        await Eventually.TrueAsync(() => relay.Host.Get<AgentDirectory>().Instances(name).Count == 0, TimeSpan.FromSeconds(10), "the view updated");
        await control.SendRequestAsync("after", AgenkitMethods.Process, name, "Hello");
        Assert.Equal(AgenkitErrorCodes.AgentNotFound, AgenkitError.FromPayload((await control.ExpectAsync()).Payload).Code);
    }

    [Fact]
    public async Task An_agent_whose_heartbeats_stop_is_pruned_from_the_Relay_and_the_Registry()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform, new()
        {
            ["Relay:Agenkit:HeartbeatInterval"] = "00:00:00.200",
            ["Relay:Agenkit:HeartbeatTimeout"] = "00:00:05",
            ["Relay:Agenkit:PruneInterval"] = "00:00:00.100",
        });
        var name = "ak-" + Guid.NewGuid().ToString("N")[..8];
        await using var agent = new TestAgenkitAgent(Path.Combine(relay.Directory, name + ".sock"));
        await using var control = await relay.ConnectAsync("tcp");
        await control.SendAsync(Register(name, agent.Endpoint));
        Assert.Equal(5, (await control.ExpectAsync()).Payload["heartbeat_timeout"]!.GetValue<double>());
        var agents = relay.Host.Get<AgenkitAgents>();
        // Heartbeats keep it for longer than the timeout...
        // (a 5 s timeout against 500 ms beats: a slow CI machine does not miss enough beats to be pruned)
        for (var i = 0; i < 12; i++)
        {
            await Task.Delay(500);
            await control.SendAsync(Heartbeat(name));
            Assert.Equal(AgenkitMessageType.Response, (await control.ExpectAsync()).Type);
        }
        Assert.Equal(agent.Endpoint, agents.EndpointOf(name));
        // ...and their end prunes it.
        await Eventually.TrueAsync(() => agents.Local.Count == 0, TimeSpan.FromSeconds(10), "the silent agent pruned");
        using var http = new HttpClient { BaseAddress = platform.RegistryUrl };
        await Eventually.TrueAsync(async () => (await http.GetAsync(new Uri($"/v1/agents/{name}", UriKind.Relative))).StatusCode == System.Net.HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(10), "the Registry instance removed");
        await Eventually.TrueAsync(() => relay.Host.Get<AgentDirectory>().Instances(name).Count == 0, TimeSpan.FromSeconds(10), "the view updated");
        await control.SendRequestAsync("late", AgenkitMethods.Process, name, "Hello");
        Assert.Equal(AgenkitErrorCodes.AgentNotFound, AgenkitError.FromPayload((await control.ExpectAsync()).Payload).Code);
        await control.SendAsync(Heartbeat(name));
        Assert.Equal(AgenkitErrorCodes.AgentNotFound, AgenkitError.FromPayload((await control.ExpectAsync()).Payload).Code);
    }

    [Fact]
    public async Task Registration_refusals_are_DUPLICATE_AGENT_and_REGISTRATION_FAILED()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        await relay.Host.WaitForAgentAsync("echo");
        var name = "ak-" + Guid.NewGuid().ToString("N")[..8];
        await using var client = await relay.ConnectAsync("unix");
        async Task<AgenkitError?> RegisterAsync(string agentName, string endpoint)
        {
            await client.SendAsync(Register(agentName, endpoint));
            var answer = await client.ExpectAsync();
            return answer.Type == AgenkitMessageType.Error ? AgenkitError.FromPayload(answer.Payload) : null;
        }
        Assert.Null(await RegisterAsync(name, "unix:///tmp/ak-a.sock"));
        Assert.Null(await RegisterAsync(name, "unix:///tmp/ak-a.sock"));   // the same endpoint again refreshes
        Assert.Equal(AgenkitErrorCodes.DuplicateAgent, (await RegisterAsync(name, "unix:///tmp/ak-b.sock"))!.Code);
        Assert.Equal(AgenkitErrorCodes.DuplicateAgent, (await RegisterAsync("echo", "unix:///tmp/ak-c.sock"))!.Code);
        Assert.Equal(AgenkitErrorCodes.RegistrationFailed, (await RegisterAsync("bad name", "unix:///tmp/ak-d.sock"))!.Code);
        Assert.Equal(AgenkitErrorCodes.RegistrationFailed, (await RegisterAsync(name + "x", "http://example.invalid/"))!.Code);
        Assert.Equal(AgenkitErrorCodes.RegistrationFailed, (await RegisterAsync(name + "y", relay.Unix))!.Code);
        Assert.Equal(AgenkitErrorCodes.RegistrationFailed, (await RegisterAsync(name + "z", relay.Tcp))!.Code);
        await client.SendAsync(AgenkitEnvelope.Create(AgenkitMessageType.Register, "r", new JsonObject { ["agent_name"] = name }));
        Assert.Equal(AgenkitErrorCodes.MalformedPayload, AgenkitError.FromPayload((await client.ExpectAsync()).Payload).Code);
    }

    [Fact]
    public async Task A_registered_agent_that_is_unreachable_is_AGENT_UNAVAILABLE()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        var name = "ak-" + Guid.NewGuid().ToString("N")[..8];
        await using var client = await relay.ConnectAsync("unix");
        await client.SendAsync(Register(name, "unix://" + Path.Combine(relay.Directory, "nobody.sock")));
        Assert.Equal(AgenkitMessageType.Response, (await client.ExpectAsync()).Type);
        await client.SendRequestAsync("x", AgenkitMethods.Process, name, "Hello");
        var error = AgenkitError.FromPayload((await client.ExpectAsync()).Payload);
        Assert.Equal(AgenkitErrorCodes.AgentUnavailable, error.Code);
        Assert.True(AgenkitErrorCodes.IsRetryable(error.Code));
    }
}
