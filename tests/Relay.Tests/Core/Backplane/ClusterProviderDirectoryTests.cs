using System.Collections.Concurrent;
using AgentPlatform.Relay.Core.Backplane;
using AgentPlatform.Relay.Routing.Providers;
using AgentPlatform.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace AgentPlatform.Relay.Tests.Core.Backplane;

/// <summary>Provider presence across two replicas on a real redis-server, and on the in-process backplane.</summary>
public sealed class ClusterProviderDirectoryTests
{
    private static readonly ProviderDirectoryOptions Options = new() { AnnounceInterval = TimeSpan.FromSeconds(10), Expiry = TimeSpan.FromSeconds(30) };

    private static ClusterProviderDirectory Directory(IRelayBackplane plane, TimeProvider time) =>
        new(plane, Options, time, NullLogger<ClusterProviderDirectory>.Instance);

    private static Task Until(Func<bool> condition, string what) => Eventually.TrueAsync(condition, TimeSpan.FromSeconds(10), what);

    [Fact]
    public async Task A_provider_of_one_replica_is_picked_on_the_other_until_it_disconnects()
    {
        Assert.True(RedisServer.IsInstalled, "redis-server is installed by the test command");
        await using var redis = await RedisServer.StartAsync();
        await using var muxA = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await using var muxB = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await using var planeA = new RedisBackplane(muxA, NullLogger<RedisBackplane>.Instance);
        await using var planeB = new RedisBackplane(muxB, NullLogger<RedisBackplane>.Instance);
        await using var a = Directory(planeA, TimeProvider.System);
        await using var b = Directory(planeB, TimeProvider.System);
        await a.StartAsync(CancellationToken.None);
        // Announced before B starts: B learns it from the answer to its snapshot request.
        await a.AddAsync(new ProviderPresence("p1", ["echo"], "ignored"), CancellationToken.None);
        var removedOnB = new ConcurrentQueue<ProviderPresence>();
        b.Removed += removedOnB.Enqueue;
        await b.StartAsync(CancellationToken.None);

        await Until(() => b.Pick("echo") is not null, "B knows A's provider");
        var picked = b.Pick("echo")!;
        Assert.Equal(("p1", planeA.ReplicaId, false), (picked.ConnectionId, picked.ReplicaId, picked.IsLocal));
        Assert.Equal(["echo"], b.Agents);
        Assert.True(a.Pick("echo")!.IsLocal);

        // B's own provider of the same agent comes first, round-robin among local ones.
        await b.AddAsync(new ProviderPresence("p2", ["echo"], "ignored"), CancellationToken.None);
        await b.AddAsync(new ProviderPresence("p3", ["echo", "other"], "ignored"), CancellationToken.None);
        var picks = Enumerable.Range(0, 4).Select(_ => b.Pick("echo")!.ConnectionId).ToArray();
        Assert.All(picks, id => Assert.Contains(id, new[] { "p2", "p3" }));
        Assert.Equal(2, picks.Distinct().Count());
        await Until(() => a.Pick("other") is { ConnectionId: "p3", IsLocal: false }, "A knows B's provider");

        // Disconnects withdraw: the other replica forgets at once (no expiry wait) and raises Removed.
        await b.RemoveAsync("p2", CancellationToken.None);
        await b.RemoveAsync("p3", CancellationToken.None);
        await a.RemoveAsync("p1", CancellationToken.None);
        await Until(() => b.Pick("echo") is null, "B forgot A's provider");
        Assert.Contains(removedOnB, p => p.ConnectionId == "p1" && p.ReplicaId == planeA.ReplicaId);
        await Until(() => a.Pick("other") is null, "A forgot B's provider");
        Assert.Empty(b.Agents);
    }

    [Fact]
    public async Task The_providers_of_a_replica_that_stops_announcing_expire_on_fake_time()
    {
        Assert.True(RedisServer.IsInstalled, "redis-server is installed by the test command");
        await using var redis = await RedisServer.StartAsync();
        await using var muxA = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await using var muxB = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await using var planeA = new RedisBackplane(muxA, NullLogger<RedisBackplane>.Instance);
        await using var planeB = new RedisBackplane(muxB, NullLogger<RedisBackplane>.Instance);
        var timeA = new FakeTimeProvider();
        var timeB = new FakeTimeProvider();
        await using var a = Directory(planeA, timeA);
        await using var b = Directory(planeB, timeB);
        using var heartbeatA = new ProviderDirectoryHeartbeat(a, Options, timeA);
        using var heartbeatB = new ProviderDirectoryHeartbeat(b, Options, timeB);
        await heartbeatA.StartAsync(CancellationToken.None);
        await heartbeatB.StartAsync(CancellationToken.None);
        var removed = new ConcurrentQueue<ProviderPresence>();
        b.Removed += removed.Enqueue;
        await a.AddAsync(new ProviderPresence("p1", ["echo"], "ignored"), CancellationToken.None);
        await Until(() => b.Pick("echo") is not null, "B knows A's provider");

        // While A announces, its provider outlives many expiry periods on B (B's clock first, so each arrival is newer).
        for (var i = 0; i < 6; i++)
        {
            var before = b.LastAnnounced("p1");
            timeB.Advance(Options.AnnounceInterval);
            timeA.Advance(Options.AnnounceInterval);
            await Until(() => b.LastAnnounced("p1") != before, "a re-announcement reached B");
        }
        Assert.NotNull(b.Pick("echo"));
        Assert.Empty(removed);

        // A stops announcing (a crashed replica withdraws nothing): B forgets it once the expiry has passed.
        await StopWithoutWithdrawingAsync(heartbeatA);
        for (var i = 0; i < 4; i++) timeB.Advance(Options.AnnounceInterval);
        await Until(() => b.Pick("echo") is null, "B expired A's provider");
        Assert.Equal(["p1"], removed.Select(p => p.ConnectionId));
        await heartbeatB.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task On_the_in_process_backplane_it_is_the_local_table()
    {
        await using var plane = new InProcessBackplane();
        await using var directory = Directory(plane, TimeProvider.System);
        await directory.StartAsync(CancellationToken.None);
        var removed = new List<string>();
        directory.Removed += p => removed.Add(p.ConnectionId);
        await directory.AddAsync(new ProviderPresence("p1", ["echo"], "ignored"), CancellationToken.None);
        Assert.Equal(new ProviderPresence("p1", ["echo"], "local") { IsLocal = true }.ConnectionId, directory.Pick("echo")!.ConnectionId);
        Assert.True(directory.Pick("echo")!.IsLocal);
        Assert.Single(directory.Providers);
        await directory.RemoveAsync("p1", CancellationToken.None);
        Assert.Null(directory.Pick("echo"));
        Assert.Equal(["p1"], removed);
    }

    /// <summary>Cancels the heartbeat loop without its graceful withdrawal: what a crashed replica looks like to the others.</summary>
    private static async Task StopWithoutWithdrawingAsync(ProviderDirectoryHeartbeat heartbeat)
    {
        // BackgroundService.StopAsync cancels ExecuteAsync; the withdrawal runs after it, so dispose instead.
        heartbeat.Dispose();
        if (heartbeat.ExecuteTask is { } loop) await loop.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
