using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Relay.Routing;
using AgentPlatform.Relay.Tests.Infrastructure;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Relay.Tests.AspV1;

/// <summary>
/// Two Relay replicas on one real redis-server: a provider connected to one serves a client connected to the other
/// (docs/protocol/relay-backplane.md, "Providers"). Frames travel both ways through the backplane.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class CrossReplicaProviderTests(PlatformFixture platform)
{
    private static async Task<(RelayHost A, RelayHost B)> TwoReplicasAsync(PlatformFixture platform, RedisServer redis)
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:redis"] = redis.ConnectionString };
        var a = await platform.StartRelayAsync(settings);
        var b = await platform.StartRelayAsync(settings);
        return (a, b);
    }

    private static async Task<AspTestClient> ProviderAsync(RelayHost on, RelayHost seenBy, string agent)
    {
        var provider = await on.ConnectAsync();
        await provider.HelloAsync(["stream", "tools", "request"], role: AspRoles.Provider, agents: [agent]);
        await Eventually.TrueAsync(() => seenBy.Get<AgentDirectory>().Resolve(agent) is not null, TimeSpan.FromSeconds(10),
            "the other replica routes to the provider");
        return provider;
    }

    [Fact]
    public async Task A_provider_on_one_replica_serves_a_client_on_the_other_both_ways()
    {
        Assert.True(RedisServer.IsInstalled, "redis-server is installed by the test command");
        await using var redis = await RedisServer.StartAsync();
        var (a, b) = await TwoReplicasAsync(platform, redis);
        await using var ownedA = a;
        await using var ownedB = b;
        await using var provider = await ProviderAsync(a, b, "xr-echo");
        var (client, _) = await b.OpenAsync(["stream", "tools", "request"]);
        await using var ownedC = client;

        await client.SendAsync(new InvokeFrame("x1", "xr-echo", MsgPackValue.From("hello")));
        var invoke = Assert.IsType<InvokeFrame>(await provider.ReceiveAsync());
        Assert.Equal("hello", invoke.Input.AsString());
        await provider.SendAsync(new StreamFrame(invoke.Id, 0, MsgPackValue.From("chunk")));
        await provider.SendAsync(new RequestFrame(invoke.Id, "r1", "clarification", MsgPackValue.From("which?")));

        var request = Assert.IsType<RequestFrame>((await client.ReceiveUntilAsync(f => f is RequestFrame))[^1]);
        Assert.Equal("x1", request.Id);
        await client.SendAsync(new ReplyFrame("x1", "r1", MsgPackValue.From("that one")));
        var reply = Assert.IsType<ReplyFrame>(await provider.ReceiveAsync());
        Assert.Equal(invoke.Id, reply.Id);
        Assert.Equal("that one", reply.Data.AsString());

        await provider.SendAsync(new CompleteFrame(invoke.Id) { Result = MsgPackValue.From("done") });
        var complete = Assert.IsType<CompleteFrame>((await client.ReceiveUntilAsync(f => f is CompleteFrame))[^1]);
        Assert.Equal("x1", complete.Id);
        Assert.Equal("done", complete.Result!.AsString());
        Assert.Equal(1UL, complete.Metrics!.Chunks);
    }

    [Fact]
    public async Task A_client_interrupt_reaches_the_remote_provider_and_its_loss_fails_what_it_served()
    {
        Assert.True(RedisServer.IsInstalled, "redis-server is installed by the test command");
        await using var redis = await RedisServer.StartAsync();
        var (a, b) = await TwoReplicasAsync(platform, redis);
        await using var ownedA = a;
        await using var ownedB = b;
        var provider = await ProviderAsync(a, b, "xr-slow");
        var (client, _) = await b.OpenAsync();
        await using var ownedC = client;

        await client.SendAsync(new InvokeFrame("stop-me", "xr-slow", MsgPackValue.Nil));
        var first = Assert.IsType<InvokeFrame>(await provider.ReceiveAsync());
        await client.SendAsync(new InterruptFrame("stop-me") { Reason = "enough" });
        var interrupted = Assert.IsType<ErrorFrame>(await client.ReceiveAsync());
        Assert.Equal(AspErrorCodes.Interrupted, interrupted.Code);
        var stop = Assert.IsType<InterruptFrame>(await provider.ReceiveAsync());
        Assert.Equal(first.Id, stop.Id);

        await client.SendAsync(new InvokeFrame("orphan", "xr-slow", MsgPackValue.Nil));
        Assert.IsType<InvokeFrame>(await provider.ReceiveAsync());
        await provider.DisposeAsync();
        var gone = Assert.IsType<ErrorFrame>(await client.ReceiveAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("orphan", gone.Id);
        Assert.Equal(AspErrorCodes.FunctionUnavailable, gone.Code);
        Assert.True(gone.Retryable);
    }

    [Fact]
    public async Task A_provider_cannot_answer_for_an_invocation_another_provider_serves()
    {
        await using var relay = await platform.StartRelayAsync();
        await using var serving = await ProviderAsync(relay, relay, "xr-owner");
        await using var intruder = await ProviderAsync(relay, relay, "xr-other");
        var (client, _) = await relay.OpenAsync();
        await using var ownedClient = client;

        await client.SendAsync(new InvokeFrame("mine", "xr-owner", MsgPackValue.Nil));
        var invoke = Assert.IsType<InvokeFrame>(await serving.ReceiveAsync());
        await intruder.SendAsync(new CompleteFrame(invoke.Id) { Result = MsgPackValue.From("forged") });
        // Given time to arrive, the forged COMPLETE would be the client's next frame; the real one must be.
        await Task.Delay(300, TestContext.Current.CancellationToken);
        await serving.SendAsync(new CompleteFrame(invoke.Id) { Result = MsgPackValue.From("real") });
        var complete = Assert.IsType<CompleteFrame>(await client.ReceiveAsync());
        Assert.Equal("real", complete.Result!.AsString());
    }
}
