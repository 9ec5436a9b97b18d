using System.Text.Json.Nodes;
using AgentPlatform.AgentHost.Agenkit;
using AgentPlatform.Functions.Agents;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Client.Tests.Agenkit;

/// <summary>LocalAgent registering with a registry over the wire (seed 003 §2.2, §4.4), against a scripted registry.</summary>
public sealed class RegistrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task It_registers_with_its_endpoint_heartbeats_re_registers_when_forgotten_and_unregisters_on_stop()
    {
        var known = new HashSet<string>();
        var heartbeats = 0;
        await using var registry = new ScriptedServer(async c =>
        {
            while (await c.ReadAsync() is { } frame)
            {
                var name = frame.Payload["agent_name"]!.GetValue<string>();
                switch (frame.Type)
                {
                    case AgenkitMessageType.Register:
                        lock (known) known.Add(name);
                        await c.WriteAsync(AgenkitEnvelope.Create(AgenkitMessageType.Response, frame.Id, new JsonObject { ["registered"] = name }));
                        break;
                    case AgenkitMessageType.Heartbeat:
                        // The second heartbeat finds the registry "restarted": the agent is unknown.
                        if (Interlocked.Increment(ref heartbeats) == 2) lock (known) known.Clear();
                        bool isKnown;
                        lock (known) isKnown = known.Contains(name);
                        await c.WriteAsync(isKnown
                            ? AgenkitEnvelope.Create(AgenkitMessageType.Response, frame.Id, new JsonObject { ["status"] = "ok" })
                            : AgenkitEnvelope.ForError(frame.Id, new AgenkitError(AgenkitErrorCodes.AgentNotFound, "unknown")));
                        break;
                    default:
                        lock (known) known.Remove(name);
                        await c.WriteAsync(AgenkitEnvelope.Create(AgenkitMessageType.Response, frame.Id, []));
                        break;
                }
            }
        });
        var host = await AgenkitHosts.StartAsync("unix", [new EchoAgent()], o =>
        {
            o.Registry = registry.Endpoint.ToString();
            o.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
            o.HeartbeatRetry = TimeSpan.FromMilliseconds(50);
        });
        var register = registry.Requests[0];
        Assert.Equal(AgenkitMessageType.Register, register.Type);
        Assert.Equal(host.Endpoint.ToString(), register.Payload["endpoint"]!.GetValue<string>());
        Assert.True(register.Payload["capabilities"]!["streaming"]!.GetValue<bool>());
        Assert.Equal("1", register.Payload["metadata"]!["version"]!.GetValue<string>());

        await Eventually.TrueAsync(() =>
        {
            lock (registry.Requests) return registry.Requests.Count(r => r.Type == AgenkitMessageType.Register) >= 2 && Volatile.Read(ref heartbeats) >= 3;
        }, TimeSpan.FromSeconds(10), "registered again after AGENT_NOT_FOUND, then heartbeating");
        await host.DisposeAsync();
        lock (registry.Requests) Assert.Equal(AgenkitMessageType.Unregister, registry.Requests[^1].Type);
        lock (known) Assert.Empty(known);
        AgenkitHosts.RemoveFolderOf(host.Endpoint.ToString());
    }

    [Fact]
    public async Task A_registry_that_refuses_fails_the_start()
    {
        await using var registry = new ScriptedServer(async c =>
        {
            while (await c.ReadAsync() is { } frame)
            {
                await c.WriteAsync(AgenkitEnvelope.ForError(frame.Id, new AgenkitError(AgenkitErrorCodes.DuplicateAgent, "taken")));
            }
        });
        var options = new LocalAgentOptions { Endpoint = AgenkitHosts.NewEndpoint("tcp"), Registry = registry.Endpoint.ToString() };
        var ex = await Assert.ThrowsAsync<AgentPlatform.Client.Agenkit.AgenkitRemoteException>(() => LocalAgent.StartAsync([new EchoAgent()], options, cancellationToken: Ct));
        Assert.Equal(AgenkitErrorCodes.DuplicateAgent, ex.Code);
    }
}
