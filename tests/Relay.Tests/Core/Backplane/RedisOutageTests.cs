using AgentPlatform.Protocol;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Core.Backplane;
using AgentPlatform.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace AgentPlatform.Relay.Tests.Core.Backplane;

/// <summary>What docs/protocol/relay-backplane.md promises when Redis goes away under a running replica.</summary>
public sealed class RedisOutageTests
{
    [Fact]
    public async Task Without_redis_opening_fails_with_1013_publishing_throws_and_local_delivery_keeps_working()
    {
        Assert.True(RedisServer.IsInstalled, "redis-server is installed by the test command");
        var redis = await RedisServer.StartAsync();
        await using var mux = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",asyncTimeout=1000,connectTimeout=1000,connectRetry=1");
        await using var plane = new RedisBackplane(mux, NullLogger<RedisBackplane>.Instance);
        var core = new RelayCore(plane, new RelayCoreOptions(), TimeProvider.System);
        await core.StartAsync(CancellationToken.None);
        var dialect = new TextDialect();
        var tLocal = new RecordingTransport();
        var local = await core.OpenAsync(new ConnectionRegistration { Hub = "h", Dialect = dialect }, tLocal);
        await core.AddToGroupAsync("h", local.Id, "g");

        await redis.DisposeAsync();
        await Eventually.TrueAsync(() => !mux.IsConnected, TimeSpan.FromSeconds(10), "the multiplexer noticed");

        var tNew = new RecordingTransport();
        await Assert.ThrowsAnyAsync<Exception>(async () => await core.OpenAsync(new ConnectionRegistration { Hub = "h", Dialect = dialect }, tNew));
        await Eventually.TrueAsync(() => tNew.Closed is not null, TimeSpan.FromSeconds(5), "the new connection was closed");
        Assert.Equal(CloseCodes.TryAgainLater, tNew.Closed!.Value.Code);
        Assert.Equal([local], core.Hub("h").Connections);

        await Assert.ThrowsAnyAsync<RedisException>(async () => await core.SendToGroupAsync("h", "g", TextDialect.Text("lost")));
        await core.SendToConnectionAsync("h", local.Id, TextDialect.Text("still here"));
        await Eventually.TrueAsync(() => tLocal.Frames.Count == 1, TimeSpan.FromSeconds(5), "local delivery");
        Assert.Equal(["0:::still here"], tLocal.Texts);
        Assert.Equal(ConnectionState.Connected, local.State);
    }
}
