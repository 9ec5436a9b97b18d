using System.Globalization;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Relay.Agenkit;
using AgentPlatform.Relay.Tests.Infrastructure;

namespace AgentPlatform.Relay.Tests.Agenkit;

/// <summary>Requests never loop through the Relay (issue 16, finding 4): own endpoints refused in any spelling, forwarded requests marked.</summary>
[Collection(PlatformGroup.Name)]
public sealed class AgenkitLoopTests(PlatformFixture platform)
{
    private static AgenkitEnvelope Register(string name, string endpoint) => AgenkitEnvelope.Create(AgenkitMessageType.Register, "reg-" + name,
        new AgenkitRegistration(name, endpoint, new JsonObject(), new JsonObject()).ToPayload());

    [Fact]
    public async Task The_listeners_own_endpoints_are_refused_however_they_are_spelled()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        await using var client = await relay.ConnectAsync("unix");
        var port = new Uri(relay.Tcp.Replace("tcp://", "http://", StringComparison.Ordinal)).Port.ToString(CultureInfo.InvariantCulture);
        var link = Path.Combine(relay.Directory, "link");
        Directory.CreateSymbolicLink(link, relay.Directory);
        var spellings = new[]
        {
            "unix://" + Path.Combine(relay.Directory, ".", "relay.sock"),
            "unix://" + Path.Combine(link, "relay.sock"),
            "tcp://localhost:" + port,
            "tcp://127.0.0.1:" + port,
        };
        foreach (var endpoint in spellings)
        {
            await client.SendAsync(Register("ak-" + Guid.NewGuid().ToString("N")[..8], endpoint));
            var answer = await client.ExpectAsync();
            Assert.True(answer.Type == AgenkitMessageType.Error, endpoint + " was accepted");
            Assert.Equal(AgenkitErrorCodes.RegistrationFailed, AgenkitError.FromPayload(answer.Payload).Code);
        }
        // Another port of the same host is somebody else's listener.
        await client.SendAsync(Register("ak-" + Guid.NewGuid().ToString("N")[..8], "tcp://localhost:" + TestSupport.FreePort.Next()));
        Assert.Equal(AgenkitMessageType.Response, (await client.ExpectAsync()).Type);
    }

    [Fact]
    public async Task A_request_already_forwarded_by_a_Relay_is_refused_INVALID_MESSAGE_not_forwarded_again()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        var name = "ak-" + Guid.NewGuid().ToString("N")[..8];
        await using var agent = new TestAgenkitAgent(Path.Combine(relay.Directory, name + ".sock"));
        await using var client = await relay.ConnectAsync("unix");
        await client.SendAsync(Register(name, agent.Endpoint));
        Assert.Equal(AgenkitMessageType.Response, (await client.ExpectAsync()).Type);
        await client.SendRequestAsync("looped", AgenkitMethods.Process, name, "Hello",
            new JsonObject { [AgenkitForwarder.ForwardedByKey] = "some-relay" });
        var error = AgenkitError.FromPayload((await client.ExpectAsync()).Payload);
        Assert.Equal(AgenkitErrorCodes.InvalidMessage, error.Code);
        Assert.Equal(AgenkitForwarder.LoopReason, error.Details!["reason"]!.GetValue<string>());
        // An unmarked request is forwarded as before.
        await client.SendRequestAsync("fresh", AgenkitMethods.Process, name, "Hello");
        Assert.Equal(AgenkitMessageType.Response, (await client.ExpectAsync()).Type);
    }
}
