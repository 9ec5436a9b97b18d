using System.Buffers;
using System.Collections.Concurrent;
using AgentPlatform.Protocol.MessagePack;
using StackExchange.Redis;

namespace AgentPlatform.Functions.Replies;

/// <summary>
/// REQUESTs waiting for their REPLY. The waiting invocation's HTTP request is open on exactly one instance; when
/// the reply POST lands on another one, it travels over Redis channel <c>replies:{session}</c> (when Redis is
/// configured) to the instance that waits.
/// </summary>
public sealed class PendingReplies(IServiceProvider services)
{
    private readonly ConcurrentDictionary<ReplyKey, TaskCompletionSource<MsgPackValue>> _pending = new();
    private readonly IConnectionMultiplexer? _redis = services.GetService<IConnectionMultiplexer>();

    public int Count => _pending.Count;

    /// <summary>Waits for the reply to <paramref name="key"/>; cancelled with the invocation.</summary>
    public async Task<MsgPackValue> WaitAsync(ReplyKey key, string session, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<MsgPackValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(key, waiter)) throw new InvalidOperationException("duplicate request id " + key.Rid);
        ISubscriber? subscriber = null;
        var channel = new RedisChannel("replies:" + session, RedisChannel.PatternMode.Literal);
        Action<RedisChannel, RedisValue>? handler = null;
        try
        {
            if (_redis is not null)
            {
                subscriber = _redis.GetSubscriber();
                handler = (_, message) => OnForwarded(message);
                await subscriber.SubscribeAsync(channel, handler).ConfigureAwait(false);
            }
            using var registration = cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
            return await waiter.Task.ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(key, out _);
            if (subscriber is not null && handler is not null)
            {
                await subscriber.UnsubscribeAsync(channel, handler).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Completes a pending request here, or forwards it to the instance that holds it; false when nobody waits.</summary>
    public async Task<bool> DeliverAsync(ReplyKey key, string session, MsgPackValue data)
    {
        if (_pending.TryGetValue(key, out var waiter)) return waiter.TrySetResult(data);
        if (_redis is null) return false;
        var receivers = await _redis.GetSubscriber().PublishAsync(
            new RedisChannel("replies:" + session, RedisChannel.PatternMode.Literal), Encode(key, data)).ConfigureAwait(false);
        return receivers > 0;
    }

    private void OnForwarded(RedisValue message)
    {
        try
        {
            var value = MsgPackValue.FromRaw((byte[])message!);
            var key = new ReplyKey(value["cid"].AsString(), value["id"].AsString(), value["rid"].AsString());
            if (_pending.TryGetValue(key, out var waiter)) waiter.TrySetResult(value["data"]);
        }
        catch (Exception ex) when (ex is MessagePackException or KeyNotFoundException or InvalidOperationException)
        {
            // A foreign or corrupt message on the channel is not ours to act on.
        }
    }

    private static byte[] Encode(ReplyKey key, MsgPackValue data)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MsgPackValue.Map(("cid", key.Cid), ("id", key.Id), ("rid", key.Rid), ("data", data)).WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
