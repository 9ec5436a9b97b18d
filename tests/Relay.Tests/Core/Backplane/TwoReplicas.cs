using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Core.Backplane;
using AgentPlatform.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace AgentPlatform.Relay.Tests.Core.Backplane;

/// <summary>A real redis-server and two relay cores on it, each with its own multiplexer (two replicas).</summary>
public sealed class TwoReplicas : IAsyncDisposable
{
    private readonly RedisServer _server;
    private readonly ConnectionMultiplexer _observer;
    private readonly ConnectionMultiplexer[] _multiplexers;
    private readonly RedisBackplane[] _planes;

    private TwoReplicas(RedisServer server, ConnectionMultiplexer observer, ConnectionMultiplexer[] multiplexers, RedisBackplane[] planes, RelayCore a, RelayCore b)
    {
        _server = server;
        _observer = observer;
        _multiplexers = multiplexers;
        _planes = planes;
        A = a;
        B = b;
    }

    public RelayCore A { get; }

    public RelayCore B { get; }

    public RedisBackplane PlaneA => _planes[0];

    public RedisBackplane PlaneB => _planes[1];

    public static async Task<TwoReplicas> StartAsync()
    {
        Assert.True(RedisServer.IsInstalled, "redis-server is installed by the test command");
        var server = await RedisServer.StartAsync();
        var observer = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var muxes = new[] { await ConnectionMultiplexer.ConnectAsync(server.ConnectionString), await ConnectionMultiplexer.ConnectAsync(server.ConnectionString) };
        var planes = muxes.Select(m => new RedisBackplane(m, NullLogger<RedisBackplane>.Instance)).ToArray();
        var a = new RelayCore(planes[0], new RelayCoreOptions(), TimeProvider.System);
        var b = new RelayCore(planes[1], new RelayCoreOptions(), TimeProvider.System);
        await a.StartAsync(CancellationToken.None);
        await b.StartAsync(CancellationToken.None);
        return new TwoReplicas(server, observer, muxes, planes, a, b);
    }

    /// <summary>The relay channels the server has subscribers for (PUBSUB CHANNELS), sorted.</summary>
    public async Task<IReadOnlyList<string>> ChannelsAsync()
    {
        var server = _observer.GetServer(_observer.GetEndPoints()[0]);
        var channels = await server.SubscriptionChannelsAsync(RedisChannel.Pattern("agentplatform:relay:*"));
        return [.. channels.Select(c => c.ToString()).Order(StringComparer.Ordinal)];
    }

    /// <summary>PUBSUB NUMSUB for one channel.</summary>
    public async Task<long> SubscribersAsync(string channel)
    {
        var server = _observer.GetServer(_observer.GetEndPoints()[0]);
        return await server.SubscriptionSubscriberCountAsync(RedisChannel.Literal(channel));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _planes) await p.DisposeAsync();
        foreach (var m in _multiplexers) await m.DisposeAsync();
        await _observer.DisposeAsync();
        await _server.DisposeAsync();
    }
}
