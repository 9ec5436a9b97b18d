using System.Buffers;
using AgentPlatform.Protocol.MessagePack;
using StackExchange.Redis;

namespace AgentPlatform.Functions.CrossInstance;

/// <summary>
/// One Redis pub/sub channel that every Functions instance subscribes to once (at start, and again on use if that
/// failed), for input that must reach whichever instance holds an invocation's open HTTP request: replies and
/// steering. A message goes to every instance; the one that holds the invocation takes it, the others ignore it.
/// Per-invocation subscriptions would cost a Redis round trip on every call and could still be live too late.
/// The subscription is this object's: <see cref="StopAsync"/> waits for an attempt in progress and unsubscribes.
/// </summary>
public sealed class InstanceBroadcast(IConnectionMultiplexer? redis, string channelName, Action<MsgPackValue> onMessage)
{
    private readonly RedisChannel _channel = new(channelName, RedisChannel.PatternMode.Literal);
    private readonly Lock _gate = new();
    private Task<ChannelMessageQueue?>? _subscription;
    private bool _stopped;

    /// <summary>False without Redis: an invocation is then only reachable on its own instance.</summary>
    public bool Enabled => redis is not null;

    /// <summary>
    /// Starts the subscription again when the last attempt failed, without waiting for it: an invocation must not
    /// wait for (or fail with) Redis. An attempt never faults; a failed one is tried again at the next use.
    /// </summary>
    public void EnsureSubscribed() => Subscription();

    /// <summary>Subscribes at start; a Redis that is not reachable yet is tried again at first use.</summary>
    public Task StartAsync() => Subscription() ?? Task.CompletedTask;

    /// <summary>Waits for an attempt in progress and leaves the channel; no later use subscribes again.</summary>
    public async Task StopAsync()
    {
        Task<ChannelMessageQueue?>? subscription;
        lock (_gate)
        {
            _stopped = true;
            subscription = _subscription;
        }
        if (subscription is null || await subscription.ConfigureAwait(false) is not { } queue) return;
        try
        {
            await queue.UnsubscribeAsync().ConfigureAwait(false);
        }
        catch (RedisException)
        {
            // The connection is going away with the process; the server drops the subscription with it.
        }
    }

    /// <summary>Publishes to every instance; true when at least one is subscribed.</summary>
    public async Task<bool> PublishAsync(MsgPackValue message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (redis is null) return false;
        var buffer = new ArrayBufferWriter<byte>();
        message.WriteTo(buffer);
        return await redis.GetSubscriber().PublishAsync(_channel, buffer.WrittenSpan.ToArray()).ConfigureAwait(false) > 0;
    }

    private void Deliver(byte[] message)
    {
        try
        {
            onMessage(MsgPackValue.FromRaw(message));
        }
        catch (Exception ex) when (ex is MessagePackException or KeyNotFoundException or InvalidOperationException)
        {
            // A foreign or corrupt message on the channel is not ours to act on.
        }
    }

    private Task<ChannelMessageQueue?>? Subscription()
    {
        if (redis is null) return null;
        lock (_gate)
        {
            if (_stopped) return _subscription;
            // A finished attempt that produced no queue failed: start over.
            if (_subscription is { IsCompleted: false } or { IsCompletedSuccessfully: true, Result: not null }) return _subscription;
            return _subscription = SubscribeAsync(redis);
        }
    }

    // The queue form, not a handler: it hands messages over one at a time in arrival order (a handler
    // subscription runs them concurrently), and steering for one invocation must keep its order.
    private async Task<ChannelMessageQueue?> SubscribeAsync(IConnectionMultiplexer connection)
    {
        try
        {
            var queue = await connection.GetSubscriber().SubscribeAsync(_channel).ConfigureAwait(false);
            queue.OnMessage(message =>
            {
                if ((byte[]?)message.Message is { } bytes) Deliver(bytes);
            });
            return queue;
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
            return null;
        }
    }
}
