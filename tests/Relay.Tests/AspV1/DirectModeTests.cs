using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Relay.Tests.Infrastructure;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Relay.Tests.AspV1;

/// <summary>Provider runtimes hold their own connection; the Relay forwards frames both ways with remapped ids.</summary>
[Collection(PlatformGroup.Name)]
public sealed class DirectModeTests(PlatformFixture platform)
{
    private static async Task<AspTestClient> ProviderAsync(RelayHost relay, params string[] agents)
    {
        var provider = await relay.ConnectAsync();
        var hello = await provider.HelloAsync(["stream", "tools", "request"], role: AspRoles.Provider, agents: agents);
        Assert.False(string.IsNullOrEmpty(hello.Cid));
        await Eventually.TrueAsync(() => relay.Get<Routing.AgentDirectory>().Resolve(agents[0]) is not null, TimeSpan.FromSeconds(5), "provider routable");
        return provider;
    }

    [Fact]
    public async Task Frames_flow_both_ways_and_the_provider_sees_ids_unique_across_clients()
    {
        await using var relay = await platform.StartRelayAsync();
        await using var provider = await ProviderAsync(relay, "dm-echo");
        var (alice, _) = await relay.OpenAsync();
        var (bob, _) = await relay.OpenAsync();
        await using var ownedA = alice;
        await using var ownedB = bob;
        await alice.SendAsync(new InvokeFrame("same", "dm-echo", MsgPackValue.From("from alice")));
        await bob.SendAsync(new InvokeFrame("same", "dm-echo", MsgPackValue.From("from bob")));
        var first = Assert.IsType<InvokeFrame>(await provider.ReceiveAsync());
        var second = Assert.IsType<InvokeFrame>(await provider.ReceiveAsync());
        Assert.NotEqual(first.Id, second.Id);
        Assert.DoesNotContain("same", new[] { first.Id, second.Id });
        foreach (var inv in new[] { first, second })
        {
            await provider.SendAsync(new ToolDefFrame([new ToolDefinition("t1")]) { Id = inv.Id });
            await provider.SendAsync(new StreamFrame(inv.Id, 0, inv.Input));
            await provider.SendAsync(new CompleteFrame(inv.Id) { Result = MsgPackValue.From("ok"), Metrics = new CompleteMetrics(1) { CpuMs = 0.5 } });
        }
        foreach (var (client, text) in new[] { (alice, "from alice"), (bob, "from bob") })
        {
            var frames = await client.ReceiveUntilAsync(f => f is CompleteFrame);
            Assert.Equal("same", Assert.IsType<ToolDefFrame>(frames[0]).Id);
            var stream = Assert.IsType<StreamFrame>(frames[1]);
            Assert.Equal("same", stream.Id);
            Assert.Equal(text, stream.Data.AsString());
            var complete = Assert.IsType<CompleteFrame>(frames[2]);
            Assert.Equal("same", complete.Id);
            Assert.Equal(1UL, complete.Metrics!.Chunks);
            Assert.Equal(0.5, complete.Metrics.CpuMs);
        }
    }

    [Fact]
    public async Task A_provider_streams_past_the_frame_rate_limit_of_client_connections_and_nothing_is_dropped()
    {
        // The limit guards against clients; a provider's frames answer invocations a client was allowed to start.
        await using var relay = await platform.StartRelayAsync(new()
        {
            ["Relay:Limits:FramesPerSecond"] = "1", ["Relay:Limits:FrameBurst"] = "5", ["Relay:Limits:MaxRateLimitViolations"] = "2",
        });
        await using var provider = await ProviderAsync(relay, "dm-fast");
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        await client.SendAsync(new InvokeFrame("fast", "dm-fast", MsgPackValue.Nil));
        var inv = Assert.IsType<InvokeFrame>(await provider.ReceiveAsync());
        for (var i = 0; i < 50; i++) await provider.SendAsync(new StreamFrame(inv.Id, (ulong)i, MsgPackValue.From(i)));
        await provider.SendAsync(new CompleteFrame(inv.Id));
        var frames = await client.ReceiveUntilAsync(f => f is CompleteFrame or ErrorFrame);
        Assert.Equal(Enumerable.Range(0, 50), frames.OfType<StreamFrame>().Select(f => (int)f.Data.AsInt64()));
        Assert.Equal(50UL, Assert.IsType<CompleteFrame>(frames[^1]).Metrics!.Chunks);
    }

    [Fact]
    public async Task REQUEST_and_REPLY_travel_through_with_the_right_ids()
    {
        await using var relay = await platform.StartRelayAsync();
        await using var provider = await ProviderAsync(relay, "dm-ask");
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        await client.SendAsync(new InvokeFrame("c1", "dm-ask", MsgPackValue.Nil));
        var inv = Assert.IsType<InvokeFrame>(await provider.ReceiveAsync());
        await provider.SendAsync(new RequestFrame(inv.Id, "r1", "permission", MsgPackValue.From("may I?")));
        var request = Assert.IsType<RequestFrame>(await client.ReceiveAsync());
        Assert.Equal(("c1", "r1"), (request.Id, request.Rid));
        await client.SendAsync(new ReplyFrame("c1", "r1", MsgPackValue.From(true)));
        var reply = Assert.IsType<ReplyFrame>(await provider.ReceiveAsync());
        Assert.Equal((inv.Id, "r1"), (reply.Id, reply.Rid));
        Assert.True(reply.Data.AsBoolean());
    }

    [Fact]
    public async Task Interrupt_is_answered_at_once_and_forwarded_to_the_provider()
    {
        await using var relay = await platform.StartRelayAsync();
        await using var provider = await ProviderAsync(relay, "dm-long");
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        await client.SendAsync(new InvokeFrame("x", "dm-long", MsgPackValue.Nil));
        var inv = Assert.IsType<InvokeFrame>(await provider.ReceiveAsync());
        await client.SendAsync(new InterruptFrame("x"));
        Assert.Equal(AspErrorCodes.Interrupted, Assert.IsType<ErrorFrame>(await client.ReceiveAsync()).Code);
        Assert.Equal(inv.Id, Assert.IsType<InterruptFrame>(await provider.ReceiveAsync()).Id);
        // A late COMPLETE from the provider is dropped; the client sees nothing more for x.
        await provider.SendAsync(new CompleteFrame(inv.Id));
        await client.SendAsync(new InvokeFrame("y", "no-such-agent", MsgPackValue.Nil));
        Assert.Equal("y", Assert.IsType<ErrorFrame>(await client.ReceiveAsync()).Id);
    }

    [Fact]
    public async Task A_provider_that_disconnects_fails_its_invocations_retryable()
    {
        await using var relay = await platform.StartRelayAsync();
        var provider = await ProviderAsync(relay, "dm-gone");
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        await client.SendAsync(new InvokeFrame("z", "dm-gone", MsgPackValue.Nil));
        Assert.IsType<InvokeFrame>(await provider.ReceiveAsync());
        await provider.DisposeAsync();
        var error = Assert.IsType<ErrorFrame>(await client.ReceiveAsync());
        Assert.Equal((AspErrorCodes.FunctionUnavailable, "z", true), (error.Code, error.Id, error.Retryable));
        await Eventually.TrueAsync(() => relay.Get<Routing.AgentDirectory>().Resolve("dm-gone") is null, TimeSpan.FromSeconds(5), "provider gone");
    }

    [Fact]
    public async Task A_provider_HELLO_without_agents_is_BAD_FRAME()
    {
        await using var relay = await platform.StartRelayAsync();
        await using var provider = await relay.ConnectAsync();
        await provider.SendAsync(new ClientHelloFrame(1, []) { Role = AspRoles.Provider });
        var frames = await provider.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(AspErrorCodes.BadFrame, Assert.IsType<ErrorFrame>(Assert.Single(frames)).Code);
    }
}
