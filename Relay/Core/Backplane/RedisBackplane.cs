using System.Buffers;
using System.Security.Cryptography;
using StackExchange.Redis;

namespace AgentPlatform.Relay.Core.Backplane;

/// <summary>
/// Redis pub/sub between replicas, one channel per topic (<see cref="BackplaneChannels"/>), the way SignalR's
/// RedisHubLifetimeManager does it. The connection is the process's shared multiplexer (Aspire's Redis client
/// integration), not owned here; its subscriptions are restored by the multiplexer after a reconnect.
/// </summary>
public sealed partial class RedisBackplane : IRelayBackplane
{
    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<RedisBackplane> _logger;
    private readonly BackplaneOptions _options;
    private readonly TimeProvider _time;
    private readonly PendingAcks _acks = new();
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private IAsyncDisposable? _ackSubscription;
    // When publishing may go out again after Redis came back (ticks of _time; 0: not reconnecting).
    private long _settledAt;

    public RedisBackplane(IConnectionMultiplexer redis, ILogger<RedisBackplane> logger, BackplaneOptions? options = null, TimeProvider? time = null)
    {
        _redis = redis;
        _logger = logger;
        _options = options ?? new BackplaneOptions();
        _options.Validate();
        _time = time ?? TimeProvider.System;
        ReplicaId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        _redis.ConnectionRestored += OnConnectionRestored;
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        Interlocked.Exchange(ref _settledAt, (_time.GetUtcNow() + _options.ReconnectGrace).UtcTicks);
        LogRestored(_logger, e.ConnectionType);
    }

    /// <summary>
    /// Refuses to publish while the other replicas may still be restoring their subscriptions (see
    /// <see cref="BackplaneOptions.ReconnectGrace"/>): the caller gets a retryable failure instead of a silent loss.
    /// </summary>
    private void ThrowIfSettling()
    {
        var settledAt = Interlocked.Read(ref _settledAt);
        if (settledAt != 0 && _time.GetUtcNow().UtcTicks < settledAt)
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "the backplane is reconnecting; retry", null, CommandStatus.WaitingToBeSent);
        }
    }

    public string ReplicaId { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _ackSubscription ??= await SubscribeAsync(BackplaneTopic.Ack(ReplicaId), OnAck, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _startGate.Release();
        }
    }

    private ValueTask OnAck(BackplaneMessage message)
    {
        if (message.Operation == BackplaneOperation.Ack && message.AckId is { } id) _acks.Acknowledge(id);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Returns once Redis confirmed the subscription (StackExchange.Redis 3.x completes the subscribe on the server's
    /// reply), so a message published afterwards reaches it.
    /// </summary>
    public async Task<IAsyncDisposable> SubscribeAsync(BackplaneTopic topic, Func<BackplaneMessage, ValueTask> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        // The queue form, not a handler callback: it hands messages over one at a time in arrival order (a handler
        // subscription runs them concurrently), and a sender's frames to one connection must stay in order.
        var queue = await _redis.GetSubscriber().SubscribeAsync(Channel(topic)).WaitAsync(cancellationToken).ConfigureAwait(false);
        queue.OnMessage(message => ApplyAsync(message, handler));
        return new Subscription(queue);
    }

    private async Task ApplyAsync(ChannelMessage message, Func<BackplaneMessage, ValueTask> handler)
    {
        byte[]? bytes = message.Message;
        if (bytes is null || !BackplaneMessageCodec.TryParse(new ReadOnlySequence<byte>(bytes), out var parsed))
        {
            LogMalformed(_logger);
            return;
        }
        try
        {
            await handler(parsed!).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // One bad operation must not stop the channel; the ack still goes out (the sender waits for "handled").
            LogApplyFailed(_logger, parsed!.Operation, ex);
        }
        if (parsed!.AckId is { } id && parsed.Replica is { } replyTo && parsed.Operation != BackplaneOperation.Ack)
        {
            await AcknowledgeAsync(parsed.Hub, id, replyTo).ConfigureAwait(false);
        }
    }

    private async Task AcknowledgeAsync(string hub, long id, string replica)
    {
        try
        {
            // Fire-and-forget at the Redis level only: the next message of this channel need not wait for a round trip.
            await PublishBytesAsync(Channel(BackplaneTopic.Ack(replica)), new BackplaneMessage(BackplaneOperation.Ack, hub) { AckId = id },
                CommandFlags.FireAndForget).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            LogAckFailed(_logger, ex);
        }
    }

    public async ValueTask<long> PublishAsync(BackplaneTopic topic, BackplaneMessage message, CancellationToken cancellationToken)
    {
        ThrowIfSettling();
        return await PublishBytesAsync(Channel(topic), message, CommandFlags.None).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<long> SubscriberCountAsync(BackplaneTopic topic, CancellationToken cancellationToken)
    {
        // PUBSUB NUMSUB answers [channel, count].
        var reply = await _redis.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", BackplaneChannels.Name(topic))
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        var parts = (RedisResult[]?)reply;
        return parts is { Length: >= 2 } ? (long)parts[1] : 0;
    }

    public async ValueTask<long> PublishAcknowledgedAsync(BackplaneTopic topic, BackplaneMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_ackSubscription is null) throw new InvalidOperationException("The backplane is not started.");
        ThrowIfSettling();
        var (id, waiter) = _acks.Create();
        try
        {
            var receivers = await PublishBytesAsync(Channel(topic), message with { AckId = id, Replica = ReplicaId }, CommandFlags.None)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            waiter.Expect(receivers);
            await waiter.Done.WaitAsync(_options.AckTimeout, _time, cancellationToken).ConfigureAwait(false);
            return receivers;
        }
        finally
        {
            _acks.Remove(id);
        }
    }

    /// <summary>Serializes once, whatever the number of subscribers the message reaches.</summary>
    private Task<long> PublishBytesAsync(RedisChannel channel, BackplaneMessage message, CommandFlags flags)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        BackplaneMessageCodec.Write(message, buffer);
        return _redis.GetSubscriber().PublishAsync(channel, buffer.WrittenMemory, flags);
    }

    public async ValueTask DisposeAsync()
    {
        _redis.ConnectionRestored -= OnConnectionRestored;
        if (Interlocked.Exchange(ref _ackSubscription, null) is { } ack) await ack.DisposeAsync().ConfigureAwait(false);
        _startGate.Dispose();
    }

    private static RedisChannel Channel(BackplaneTopic topic) => RedisChannel.Literal(BackplaneChannels.Name(topic));

    private sealed class Subscription(ChannelMessageQueue queue) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            try
            {
                await queue.UnsubscribeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
            {
                // The multiplexer is going away with the host; nothing is left to unsubscribe.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The backplane's Redis connection ({ConnectionType}) was restored")]
    private static partial void LogRestored(ILogger logger, ConnectionType connectionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a malformed backplane message")]
    private static partial void LogMalformed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying a backplane operation {Operation} failed")]
    private static partial void LogApplyFailed(ILogger logger, BackplaneOperation operation, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending a backplane acknowledgement failed")]
    private static partial void LogAckFailed(ILogger logger, Exception ex);
}
