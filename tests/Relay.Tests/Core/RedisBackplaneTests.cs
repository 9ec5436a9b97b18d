using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Core.Backplane;
using AgentPlatform.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentPlatform.Relay.Tests.Core;

/// <summary>Two relay cores (two replicas) sharing a real redis-server: sends reach connections on the other replica.</summary>
public sealed class RedisBackplaneTests
{
    [Fact]
    public async Task Group_user_and_connection_operations_cross_replicas_in_order()
    {
        Assert.True(RedisServer.IsInstalled, "redis-server is installed by the test command");
        await using var redis = await RedisServer.StartAsync();
        await using var planeA = new RedisBackplane(redis.ConnectionString, NullLogger<RedisBackplane>.Instance);
        await using var planeB = new RedisBackplane(redis.ConnectionString, NullLogger<RedisBackplane>.Instance);
        var coreA = new RelayCore(planeA, new RelayCoreOptions(), TimeProvider.System);
        var coreB = new RelayCore(planeB, new RelayCoreOptions(), TimeProvider.System);
        await coreA.StartAsync(CancellationToken.None);
        await coreB.StartAsync(CancellationToken.None);
        var dialect = new TextDialect();
        var onA = new RecordingTransport();
        var onB = new RecordingTransport();
        var a = coreA.Open(new ConnectionRegistration { Hub = "h", Dialect = dialect, UserId = "ua" }, onA);
        var b = coreB.Open(new ConnectionRegistration { Hub = "h", Dialect = dialect, UserId = "ub" }, onB);

        // Join b (on replica B) to a group from replica A, then send to the group from A.
        await coreA.AddToGroupAsync("h", b.Id, "g");
        await Eventually.TrueAsync(() => b.Groups.Contains("g"), TimeSpan.FromSeconds(5), "joined across replicas");
        for (var i = 0; i < 50; i++) await coreA.SendToGroupAsync("h", "g", TextDialect.Text("m" + i));
        await coreB.SendToUserAsync("h", "ua", TextDialect.Text("to-ua"));
        await coreA.SendToConnectionAsync("h", b.Id, TextDialect.Text("direct"));
        await Eventually.TrueAsync(() => onB.Frames.Count == 51 && onA.Frames.Count == 1, TimeSpan.FromSeconds(10), "delivered");
        Assert.Equal(Enumerable.Range(0, 50).Select(i => "0:::m" + i).Append("0:::direct"), onB.Texts);
        Assert.Equal(["0:::to-ua"], onA.Texts);

        await coreA.CloseConnectionAsync("h", b.Id, "bye");
        await Eventually.TrueAsync(() => b.State == ConnectionState.Closed, TimeSpan.FromSeconds(5), "closed across replicas");
        Assert.Equal(ConnectionState.Connected, a.State);
    }
}
