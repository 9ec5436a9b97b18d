using System.Globalization;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Core.Backplane;
using AgentPlatform.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace AgentPlatform.Relay.Tests.Core;

/// <summary>Two relay cores (two replicas) sharing a real redis-server: sends reach connections on the other replica.</summary>
public sealed class RedisBackplaneTests
{
    /// <summary>
    /// A subscription is confirmed when SubscribeAsync returns. StackExchange.Redis 1.2.6 lost about one publish in 60 sent right after a replica started (its subscribe
    /// completed before the subscription received), which the backplane covered with a probe. 3.x completes the
    /// subscribe on the server's confirmation; this runs the race often enough to show a 1-in-60 loss.
    /// </summary>
    private const int StartRaceRuns = 150;

    [Fact]
    public async Task Group_user_and_connection_operations_cross_replicas_in_order()
    {
        Assert.True(RedisServer.IsInstalled, "redis-server is installed by the test command");
        await using var redis = await RedisServer.StartAsync();
        await using var connectionA = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await using var connectionB = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await using var planeA = new RedisBackplane(connectionA, NullLogger<RedisBackplane>.Instance);
        await using var planeB = new RedisBackplane(connectionB, NullLogger<RedisBackplane>.Instance);
        var coreA = new RelayCore(planeA, new RelayCoreOptions(), TimeProvider.System);
        var coreB = new RelayCore(planeB, new RelayCoreOptions(), TimeProvider.System);
        await coreA.StartAsync(CancellationToken.None);
        await coreB.StartAsync(CancellationToken.None);
        var dialect = new TextDialect();
        var onA = new RecordingTransport();
        var onB = new RecordingTransport();
        var a = await coreA.OpenAsync(new ConnectionRegistration { Hub = "h", Dialect = dialect, UserId = "ua" }, onA);
        var b = await coreB.OpenAsync(new ConnectionRegistration { Hub = "h", Dialect = dialect, UserId = "ub" }, onB);

        // Join b (on replica B) to a group from replica A (acknowledged: done when it returns), then send to the group from A.
        await coreA.AddToGroupAsync("h", b.Id, "g");
        Assert.Contains("g", b.Groups);
        for (var i = 0; i < 50; i++) await coreA.SendToGroupAsync("h", "g", TextDialect.Text("m" + i));
        await coreB.SendToUserAsync("h", "ua", TextDialect.Text("to-ua"));
        await coreA.SendToConnectionAsync("h", b.Id, TextDialect.Text("direct"));
        await Eventually.TrueAsync(() => onB.Frames.Count == 51 && onA.Frames.Count == 1, TimeSpan.FromSeconds(10), "delivered");
        // Order holds per topic (one Redis channel each), not across topics: the group's messages arrive in order, and
        // the direct message may overtake the group's tail (the subscriber handles channels independently).
        Assert.Equal(Enumerable.Range(0, 50).Select(i => "0:::m" + i), onB.Texts.Where(t => t != "0:::direct"));
        Assert.Single(onB.Texts, "0:::direct");
        Assert.Equal(["0:::to-ua"], onA.Texts);

        await coreA.CloseConnectionAsync("h", b.Id, "bye");
        Assert.Equal(ConnectionState.Closed, b.State);
        Assert.Equal(ConnectionState.Connected, a.State);
    }

    [Fact]
    public async Task A_publish_right_after_a_replica_starts_is_never_lost()
    {
        Assert.True(RedisServer.IsInstalled, "redis-server is installed by the test command");
        await using var redis = await RedisServer.StartAsync();
        await using var publisherConnection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await using var publisher = new RedisBackplane(publisherConnection, NullLogger<RedisBackplane>.Instance);
        await publisher.StartAsync(CancellationToken.None);
        var lost = new List<int>();
        for (var run = 0; run < StartRaceRuns; run++)
        {
            // A fresh connection each run: the race is between a new subscription and the first publish after it.
            await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
            await using var replica = new RedisBackplane(connection, NullLogger<RedisBackplane>.Instance);
            var hub = "h" + run.ToString(CultureInfo.InvariantCulture);
            var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var subscription = await replica.SubscribeAsync(BackplaneTopic.Connection(hub, "c1"), m =>
            {
                if (m.Hub == hub) arrived.TrySetResult();
                return ValueTask.CompletedTask;
            }, CancellationToken.None);
            await publisher.PublishAsync(BackplaneTopic.Connection(hub, "c1"), new BackplaneMessage(BackplaneOperation.AddToGroup, hub, "c1", "g"), CancellationToken.None);
            if (await Task.WhenAny(arrived.Task, Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken)) != arrived.Task) lost.Add(run);
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{StartRaceRuns} runs, {lost.Count} lost");
        Assert.Empty(lost);
    }
}
