using System.Diagnostics;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Relay.Routing;
using AgentPlatform.Relay.Tests.Core.Backplane;
using AgentPlatform.Relay.Tests.Infrastructure;
using AgentPlatform.TestSupport;
using StackExchange.Redis;

namespace AgentPlatform.Relay.Tests.AspV1;

/// <summary>
/// Issue 17, fault-redis-restarted / fault-relay-replica-killed: an invocation crossing the backplane (provider on one
/// replica, caller on the other) ends with a retryable ERROR soon after its route is lost, instead of hanging until the
/// caller's own timeout (20 s in the fault scenarios before the fix).
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class CrossReplicaOutageTests(PlatformFixture platform)
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    private async Task<(RelayHost A, RelayHost B, AspTestClient Provider, AspTestClient Client)> CrossingAsync(string connectionString, string agent)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = connectionString,
            ["Relay:Providers:RouteCheckInterval"] = "00:00:00.5",
        };
        var a = await platform.StartRelayAsync(settings);
        var b = await platform.StartRelayAsync(settings);
        var provider = await a.ConnectAsync();
        await provider.HelloAsync(["stream"], role: AspRoles.Provider, agents: [agent]);
        await Eventually.TrueAsync(() => b.Get<AgentDirectory>().Resolve(agent) is not null, TimeSpan.FromSeconds(10),
            "the other replica routes to the provider");
        var (client, _) = await b.OpenAsync(["stream"]);
        return (a, b, provider, client);
    }

    private static async Task<ErrorFrame> InFlightThenErrorAsync(AspTestClient client, AspTestClient provider, string id, string agent, Func<Task> fault)
    {
        await client.SendAsync(new InvokeFrame(id, agent, MsgPackValue.Nil) { TimeoutMs = 60_000 });
        Assert.IsType<InvokeFrame>(await provider.ReceiveAsync());
        var watch = Stopwatch.StartNew();
        await fault();
        var error = Assert.IsType<ErrorFrame>((await client.ReceiveUntilAsync(f => f is ErrorFrame, Prompt))[^1]);
        Assert.True(watch.Elapsed < Prompt, $"the error came {watch.Elapsed} after the fault");
        return error;
    }

    [Fact]
    public async Task The_providers_replica_vanishing_from_the_backplane_fails_the_invocation_retryable_within_seconds()
    {
        Assert.True(RedisServer.IsInstalled, "redis-server is installed by the test command");
        await using var redis = await RedisServer.StartAsync();
        var (a, b, provider, client) = await CrossingAsync(redis.ConnectionString, "xo-crash");
        await using var ownedA = a;
        await using var ownedB = b;
        await using var ownedP = provider;
        await using var ownedC = client;

        // A crash as Redis sees it: the replica's connections drop, its subscriptions with them, nothing is withdrawn.
        var error = await InFlightThenErrorAsync(client, provider, "c1", "xo-crash",
            () => a.Get<IConnectionMultiplexer>().CloseAsync(allowCommandsToComplete: false));
        Assert.Equal("c1", error.Id);
        Assert.Equal(AspErrorCodes.FunctionUnavailable, error.Code);
        Assert.True(error.Retryable);
    }

    [Fact]
    public async Task Redis_going_away_fails_a_crossing_invocation_retryable_within_seconds_and_a_retry_works_once_it_is_back()
    {
        await using var redis = await SamePortRedis.StartAsync();
        var (a, b, provider, client) = await CrossingAsync(redis.ConnectionString, "xo-redis");
        await using var ownedA = a;
        await using var ownedB = b;
        await using var ownedP = provider;
        await using var ownedC = client;

        var error = await InFlightThenErrorAsync(client, provider, "r1", "xo-redis", redis.KillAsync);
        Assert.Equal(AspErrorCodes.FunctionUnavailable, error.Code);
        Assert.True(error.Retryable);

        // While Redis is down a new crossing invocation fails at once, retryable (nothing waits in a backlog).
        await client.SendAsync(new InvokeFrame("r2", "xo-redis", MsgPackValue.Nil) { TimeoutMs = 60_000 });
        var refused = Assert.IsType<ErrorFrame>((await client.ReceiveUntilAsync(f => f is ErrorFrame, Prompt))[^1]);
        Assert.Equal("r2", refused.Id);
        Assert.True(refused.Retryable);

        await redis.StartAgainAsync();
        var back = Stopwatch.StartNew();
        var muxA = a.Get<IConnectionMultiplexer>();
        var muxB = b.Get<IConnectionMultiplexer>();
        await Eventually.TrueAsync(() => muxA.IsConnected && muxB.IsConnected, TimeSpan.FromSeconds(10), "both replicas reconnected");
        var reconnected = back.Elapsed;
        // Past the backplane's reconnect grace, the same call crosses again.
        await Task.Delay(TimeSpan.FromSeconds(2));
        await client.SendAsync(new InvokeFrame("r3", "xo-redis", MsgPackValue.Nil) { TimeoutMs = 60_000 });
        var invoke = Assert.IsType<InvokeFrame>(await provider.ReceiveAsync());
        await provider.SendAsync(new CompleteFrame(invoke.Id) { Result = MsgPackValue.From("ok") });
        var complete = Assert.IsType<CompleteFrame>((await client.ReceiveUntilAsync(f => f is CompleteFrame, Prompt))[^1]);
        Assert.Equal("r3", complete.Id);
        Assert.True(reconnected < TimeSpan.FromSeconds(3), $"the replicas reconnected {reconnected} after Redis was back");
    }
}
