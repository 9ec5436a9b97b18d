using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Relay.Agenkit;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Tests.Infrastructure;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Relay.Tests.Agenkit;

/// <summary>A client that vanishes mid-request, and garbage on the socket: the listener cleans up and keeps serving.</summary>
[Collection(PlatformGroup.Name)]
public sealed class AgenkitFaultTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_client_gone_mid_stream_stops_its_invocation_and_leaves_the_hub()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        await relay.Host.WaitForAgentAsync(platform.Ticker.Name);
        var id = "gone-" + Guid.NewGuid().ToString("N")[..8];
        var client = await relay.ConnectAsync("unix");
        await client.SendAsync(AgenkitEnvelope.ForRequest(id, AgenkitMethods.Stream, platform.Ticker.Name,
            new AgenkitMessage("user", new JsonObject { ["count"] = 1000, ["delayMs"] = 20 }, [], "")));
        Assert.Equal(AgenkitMessageType.StreamChunk, (await client.ExpectAsync()).Type);
        await client.DisposeAsync();
        await Eventually.TrueAsync(() => platform.Ticker.Cancelled.ContainsKey(id), TimeSpan.FromSeconds(15), "the function saw its cancellation");
        var core = relay.Host.Get<RelayCore>();
        await Eventually.TrueAsync(() => core.Hub(AgenkitDialect.HubName).Connections.Count == 0, TimeSpan.FromSeconds(10), "the connection left the hub");
    }

    [Fact]
    public async Task Garbage_frames_end_their_own_connections_only()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        await relay.Host.WaitForAgentAsync("echo");
        await using var healthy = await relay.ConnectAsync("tcp");
        var random = new Random(42);
        for (var i = 0; i < 30; i++)
        {
            await using var noisy = await relay.ConnectAsync(i % 2 == 0 ? "unix" : "tcp");
            var body = new byte[1 + random.Next(200)];
            random.NextBytes(body);
            await noisy.SendBodyAsync(body);
            var error = await noisy.ExpectAsync();
            Assert.Equal(AgenkitMessageType.Error, error.Type);
            Assert.Contains(AgenkitError.FromPayload(error.Payload).Code, new[] { AgenkitErrorCodes.MalformedPayload, AgenkitErrorCodes.InvalidMessage });
            Assert.True(await noisy.ClosedAsync());
        }
        await healthy.SendRequestAsync("h", AgenkitMethods.Process, "echo", "still served");
        Assert.Equal("still served", (await healthy.ExpectAsync()).Payload["message"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_peer_that_stops_mid_frame_is_dropped_without_an_answer()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        var core = relay.Host.Get<RelayCore>();
        var client = await relay.ConnectAsync("unix");
        await client.SendRawAsync([0x00, 0x00, 0x00, 0x40, (byte)'{', (byte)'"']);   // 64 announced, 2 sent
        await Eventually.TrueAsync(() => core.Hub(AgenkitDialect.HubName).Connections.Count == 1, TimeSpan.FromSeconds(10), "connected");
        await client.DisposeAsync();
        await Eventually.TrueAsync(() => core.Hub(AgenkitDialect.HubName).Connections.Count == 0, TimeSpan.FromSeconds(10), "the half frame's connection closed");
    }
}
