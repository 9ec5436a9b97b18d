using System.Collections.Concurrent;
using System.Diagnostics;
using AgentPlatform.Agents;
using AgentPlatform.Functions.Contexts;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Relay.Core.Backplane;
using AgentPlatform.Relay.Routing.Providers;
using AgentPlatform.ServiceDefaults.Redis;
using AgentPlatform.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace AgentPlatform.Relay.Tests.Core.Backplane;

/// <summary>
/// Issue 17, fault-redis-restarted: Redis killed and started again on the same port under the services' multiplexer
/// settings (<see cref="RedisReconnect"/>). Calls made while it is down fail at once and retryably; once it is back the
/// backplane and the context store work again within seconds; a publish that reported success was received.
/// </summary>
public sealed class RedisRestartTests
{
    private static readonly TimeSpan Fast = TimeSpan.FromSeconds(1);

    private static Task<ConnectionMultiplexer> ConnectAsync(SamePortRedis redis)
    {
        var options = ConfigurationOptions.Parse(redis.ConnectionString);
        RedisReconnect.Configure(options);
        return ConnectionMultiplexer.ConnectAsync(options);
    }

    private static BackplaneMessage Numbered(int n) => new(BackplaneOperation.SendToGroup, "h", "n" + n);

    [Fact]
    public async Task The_backplane_refuses_while_redis_is_down_and_carries_every_accepted_publish_once_it_is_back()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await SamePortRedis.StartAsync();
        await using var muxA = await ConnectAsync(redis);
        await using var muxB = await ConnectAsync(redis);
        await using var a = new RedisBackplane(muxA, NullLogger<RedisBackplane>.Instance);
        await using var b = new RedisBackplane(muxB, NullLogger<RedisBackplane>.Instance);
        var received = new ConcurrentDictionary<string, bool>();
        var topic = BackplaneTopic.Group("h", "g");
        await using var subscription = await b.SubscribeAsync(topic, m =>
        {
            received[m.Target!] = true;
            return ValueTask.CompletedTask;
        }, ct);
        Assert.Equal(1, await a.PublishAsync(topic, Numbered(0), ct));

        await redis.KillAsync();
        await Eventually.TrueAsync(() => !muxA.IsConnected && !muxB.IsConnected, TimeSpan.FromSeconds(5), "both replicas noticed");
        var refusing = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<RedisException>(async () => await a.PublishAsync(topic, Numbered(1), ct));
        Assert.True(refusing.Elapsed < Fast, $"refused after {refusing.Elapsed}, not at once");

        await redis.StartAgainAsync();
        var back = Stopwatch.StartNew();
        var accepted = new List<string>();
        TimeSpan? firstDelivery = null;
        // Publishes every 50 ms for at most 10 s; each one either throws (the sender may retry) or is received.
        for (var n = 2; n < 200 && firstDelivery is null && back.Elapsed < TimeSpan.FromSeconds(10); n++)
        {
            try
            {
                if (await a.PublishAsync(topic, Numbered(n), ct) > 0) accepted.Add("n" + n);
            }
            catch (RedisException)
            {
                // Down or reconnecting: refused, retryable.
            }
            if (accepted.Count > 0 && received.ContainsKey(accepted[0])) firstDelivery = back.Elapsed;
            await Task.Delay(50, ct);
        }
        Assert.True(firstDelivery < TimeSpan.FromSeconds(5), $"the backplane carried again {firstDelivery} after Redis was back");
        await Eventually.TrueAsync(() => accepted.All(received.ContainsKey), TimeSpan.FromSeconds(5), "every accepted publish was received");
    }

    [Fact]
    public async Task A_route_check_notices_the_other_replica_vanishing_and_redis_going_away()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await SamePortRedis.StartAsync();
        await using var muxA = await ConnectAsync(redis);
        var muxB = await ConnectAsync(redis);
        await using var a = new RedisBackplane(muxA, NullLogger<RedisBackplane>.Instance);
        var b = new RedisBackplane(muxB, NullLogger<RedisBackplane>.Instance);
        var topic = BackplaneTopic.Connection("asp", "provider-1");
        var subscription = await b.SubscribeAsync(topic, _ => ValueTask.CompletedTask, ct);
        var check = new ProviderRouteCheck(a, TimeSpan.FromMilliseconds(200));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watching = check.WatchAsync(topic, () => lost.TrySetResult(), stop.Token);
        await Task.Delay(700, ct);
        Assert.False(lost.Task.IsCompleted, "a live route is not reported lost");

        // The other replica dies: Redis drops its connection and its subscriptions.
        var vanished = Stopwatch.StartNew();
        await muxB.CloseAsync(allowCommandsToComplete: false);
        await lost.Task.WaitAsync(TimeSpan.FromSeconds(3), ct);
        Assert.True(vanished.Elapsed < Fast, $"noticed after {vanished.Elapsed}");
        await watching;
        await subscription.DisposeAsync();
        await b.DisposeAsync();
        await muxB.DisposeAsync();

        var redisLost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var muxC = await ConnectAsync(redis);
        await using var c = new RedisBackplane(muxC, NullLogger<RedisBackplane>.Instance);
        await using var again = await c.SubscribeAsync(topic, _ => ValueTask.CompletedTask, ct);
        var watchingAgain = check.WatchAsync(topic, () => redisLost.TrySetResult(), ct);
        await redis.KillAsync();
        await redisLost.Task.WaitAsync(TimeSpan.FromSeconds(3), ct);
        await watchingAgain;
    }

    [Fact]
    public async Task The_context_store_fails_retryable_while_redis_is_down_and_works_again_within_seconds()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await SamePortRedis.StartAsync();
        await using var mux = await ConnectAsync(redis);
        var store = new RedisContextStore(mux, "outage-test:");
        Assert.True(await store.TrySaveAsync("s", 0, new byte[] { 1 }, ct));

        await redis.KillAsync();
        await Eventually.TrueAsync(() => !mux.IsConnected, TimeSpan.FromSeconds(5), "the multiplexer noticed");
        var refusing = Stopwatch.StartNew();
        var load = await Assert.ThrowsAsync<AgentException>(async () => await store.LoadAsync("s", ct));
        var save = await Assert.ThrowsAsync<AgentException>(async () => await store.TrySaveAsync("s", 1, new byte[] { 2 }, ct));
        Assert.True(refusing.Elapsed < Fast, $"refused after {refusing.Elapsed}, not at once");
        foreach (var error in new[] { load, save })
        {
            Assert.Equal(AspErrorCodes.FunctionUnavailable, error.Code);
            Assert.True(error.Retryable);
        }

        await redis.StartAgainAsync();
        var back = Stopwatch.StartNew();
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return !(await store.LoadAsync("s", ct)).Exists;
            }
            catch (AgentException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(10), "the store answers again (an empty Redis: nothing persisted in this test)");
        Assert.True(back.Elapsed < TimeSpan.FromSeconds(3), $"the store answered again {back.Elapsed} after Redis was back");
    }
}
