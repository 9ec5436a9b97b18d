using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Relay.Agenkit;
using AgentPlatform.Relay.Tests.Infrastructure;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Relay.Tests.Agenkit;

/// <summary>Only the connection that registered an agent may heartbeat or unregister it (issue 16, finding 3).</summary>
[Collection(PlatformGroup.Name)]
public sealed class AgenkitAgentOwnershipTests(PlatformFixture platform)
{
    private static AgenkitEnvelope Register(string name, string endpoint) => AgenkitEnvelope.Create(AgenkitMessageType.Register, "reg-" + name,
        new AgenkitRegistration(name, endpoint, new JsonObject(), new JsonObject()).ToPayload());

    private static AgenkitEnvelope Heartbeat(string name) =>
        AgenkitEnvelope.Create(AgenkitMessageType.Heartbeat, "hb-" + Guid.NewGuid().ToString("N")[..6], new AgenkitHeartbeat(name, "healthy").ToPayload());

    private static AgenkitEnvelope Unregister(string name, string? endpoint = null)
    {
        var payload = new JsonObject { ["agent_name"] = name };
        if (endpoint is not null) payload["endpoint"] = endpoint;
        return AgenkitEnvelope.Create(AgenkitMessageType.Unregister, "un-" + Guid.NewGuid().ToString("N")[..6], payload);
    }

    [Fact]
    public async Task Another_connection_cannot_heartbeat_unregister_or_take_over_an_agent_until_its_owner_is_gone()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        var name = "ak-" + Guid.NewGuid().ToString("N")[..8];
        var endpoint = "unix://" + Path.Combine(relay.Directory, name + ".sock");
        var agents = relay.Host.Get<AgenkitAgents>();
        var owner = await relay.ConnectAsync("unix");
        await using var other = await relay.ConnectAsync("tcp");
        await owner.SendAsync(Register(name, endpoint));
        Assert.Equal(AgenkitMessageType.Response, (await owner.ExpectAsync()).Type);

        foreach (var refused in new[] { Heartbeat(name), Unregister(name), Unregister(name, endpoint), Register(name, endpoint) })
        {
            await other.SendAsync(refused);
            var error = AgenkitError.FromPayload((await other.ExpectAsync()).Payload);
            Assert.Equal(AgenkitErrorCodes.DuplicateAgent, error.Code);
            Assert.Equal(AgenkitAgents.NotOwnerReason, error.Details!["reason"]!.GetValue<string>());
        }
        Assert.Equal(endpoint, agents.EndpointOf(name));
        await owner.SendAsync(Heartbeat(name));
        Assert.Equal("ok", (await owner.ExpectAsync()).Payload["status"]!.GetValue<string>());

        // The owner leaves: the agent stays (until pruned) but a heartbeat from elsewhere is told to register again...
        await owner.DisposeAsync();
        await Eventually.TrueAsync(() => agents.Local.Single(a => a.Registration.AgentName == name).Owner is null, TimeSpan.FromSeconds(10), "owner released");
        await other.SendAsync(Heartbeat(name));
        Assert.Equal(AgenkitErrorCodes.AgentNotFound, AgenkitError.FromPayload((await other.ExpectAsync()).Payload).Code);
        // ...an unregister must name the same endpoint...
        await other.SendAsync(Unregister(name, endpoint + ".other"));
        Assert.Equal(AgenkitErrorCodes.DuplicateAgent, AgenkitError.FromPayload((await other.ExpectAsync()).Payload).Code);
        // ...and a register with the same endpoint adopts it.
        await other.SendAsync(Register(name, endpoint));
        Assert.Equal(AgenkitMessageType.Response, (await other.ExpectAsync()).Type);
        await other.SendAsync(Heartbeat(name));
        Assert.Equal("ok", (await other.ExpectAsync()).Payload["status"]!.GetValue<string>());
        await other.SendAsync(Unregister(name));
        Assert.Equal("unregistered", (await other.ExpectAsync()).Payload["status"]!.GetValue<string>());
        // Gone here at once; the Relay's Registry view (which EndpointOf also reads) learns of the removal from its watch stream.
        await Eventually.TrueAsync(() => agents.EndpointOf(name) is null, TimeSpan.FromSeconds(10), "unregistered everywhere");
    }
}
