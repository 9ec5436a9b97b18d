using AgentPlatform.Protocol.Registry;
using AgentPlatform.Registry.FunctionalTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace AgentPlatform.Registry.FunctionalTests.Contract;

/// <summary>
/// The Redis store's pruner reads only the overdue end of the heartbeat sorted set (<c>{prefix}:hb</c>); these check
/// that pruning stays exact around it: live instances are left alone, and an indexed instance without a score (written
/// by a replica that predates the set) is still found by the reconciliation and pruned.
/// </summary>
public sealed class RedisPruneIndexTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static AgentRegistration Reg() => new() { Endpoint = "http://127.0.0.1:5102", Protocol = "asp-v1", Mode = "relay" };

    private Dictionary<string, string?> Settings(string prefix) => new()
    {
        ["ConnectionStrings:redis"] = redis.Server.ConnectionString,
        ["Registry:RedisPrefix"] = prefix,
    };

    [Fact]
    public async Task An_instance_missing_from_the_heartbeat_set_is_still_marked_stale_then_removed()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        var time = new FakeTimeProvider();
        await using var host = await RegistryHost.StartAsync(Settings(prefix), time);
        await host.Client.RegisterAsync("echo", "old", Reg());
        await host.Client.RegisterAsync("echo", "live", Reg());
        await using var mux = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);
        var db = mux.GetDatabase();
        Assert.Equal(2, await db.SortedSetLengthAsync(prefix + ":hb"));
        Assert.True(await db.SortedSetRemoveAsync(prefix + ":hb", "echo/old"));

        // Past the timeout, with "live" heartbeating just before: only "old" goes stale.
        time.Advance(TimeSpan.FromSeconds(89));
        Assert.True(await host.Client.HeartbeatAsync("echo", "live"));
        time.Advance(TimeSpan.FromSeconds(2));
        await WaitForAsync(host, i => i.InstanceId == "old" && i.Status == InstanceStatus.Stale);
        var agent = await host.Client.GetAsync("echo");
        Assert.Equal(InstanceStatus.Healthy, Assert.Single(agent!.Instances, i => i.InstanceId == "live").Status);
        // The pruner gave it a score: from now on it is found through the set.
        Assert.NotNull(await db.SortedSetScoreAsync(prefix + ":hb", "echo/old"));

        Assert.True(await host.Client.HeartbeatAsync("echo", "live"));
        time.Advance(TimeSpan.FromSeconds(61));
        await WaitForAsync(host, i => i.InstanceId == "old", gone: true);
        Assert.Null(await db.SortedSetScoreAsync(prefix + ":hb", "echo/old"));
        Assert.Equal(InstanceStatus.Healthy, Assert.Single((await host.Client.GetAsync("echo"))!.Instances).Status);
    }

    private static async Task WaitForAsync(RegistryHost host, Func<AgentInstance, bool> match, bool gone = false)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var agent = await host.Client.GetAsync("echo", cts.Token);
            var found = agent?.Instances.Any(match) == true;
            if (found != gone) return;
            await Task.Delay(20, cts.Token);
        }
    }
}
