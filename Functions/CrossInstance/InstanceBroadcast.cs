using StackExchange.Redis;

namespace AgentPlatform.Functions.CrossInstance;

/// <summary>
/// One Redis pub/sub channel that every Functions instance subscribes to once (at start, and again on use if that
/// failed), for input that must reach whichever instance holds an invocation's open HTTP request: replies and
/// steering. A message goes to every instance; the one that holds the invocation takes it, the others ignore it.
/// Per-invocation subscriptions would cost a Redis round trip on every call and could still be live too late.
/// </summary>
public sealed class InstanceBroadcast(IConnectionMultiplexer? redis, string channelName, Action<byte[]> onMessage)
{
    private readonly RedisChannel _channel = new(channelName, RedisChannel.PatternMode.Literal);
    private readonly Lock _gate = new();
    private Task? _subscription;

    /// <summary>False without Redis: an invocation is then only reachable on its own instance.</summary>
    public bool Enabled => redis is not null;

    /// <summary>The subscription (started now if there is none, or if the last attempt failed).</summary>
    public Task EnsureSubscribedAsync()
    {
        if (redis is null) return Task.CompletedTask;
        lock (_gate)
        {
            if (_subscription is { IsFaulted: false, IsCanceled: false } live) return live;
            return _subscription = SubscribeAsync(redis);
        }
    }

    // The queue form, not a handler: it hands messages over one at a time in arrival order (a handler
    // subscription runs them concurrently), and steering for one invocation must keep its order.
    private async Task SubscribeAsync(IConnectionMultiplexer connection)
    {
        var queue = await connection.GetSubscriber().SubscribeAsync(_channel).ConfigureAwait(false);
        queue.OnMessage(message =>
        {
            if ((byte[]?)message.Message is { } bytes) onMessage(bytes);
        });
    }

    /// <summary>Subscribes at start; a Redis that is not reachable yet is tried again at first use.</summary>
    public async Task StartAsync()
    {
        try
        {
            await EnsureSubscribedAsync().ConfigureAwait(false);
        }
        catch (RedisException)
        {
            // EnsureSubscribedAsync starts over on the next use.
        }
    }

    /// <summary>Publishes to every instance; true when at least one is subscribed.</summary>
    public async Task<bool> PublishAsync(byte[] message)
    {
        if (redis is null) return false;
        return await redis.GetSubscriber().PublishAsync(_channel, message).ConfigureAwait(false) > 0;
    }
}
