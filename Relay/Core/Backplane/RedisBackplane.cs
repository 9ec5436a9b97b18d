using System.Buffers;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AgentPlatform.Relay.Core.Backplane;

/// <summary>
/// Redis pub/sub between replicas: every replica publishes to and subscribes to one channel. StackExchange.Redis
/// delivers subscription messages in order (PreserveAsyncOrder), which keeps a sender's frames in order.
/// </summary>
public sealed partial class RedisBackplane(string connectionString, ILogger<RedisBackplane> logger) : IRelayBackplane
{
    /// <summary>The pub/sub channel every replica shares.</summary>
    public const string ChannelName = "agentplatform:relay:backplane";

    private static readonly RedisChannel Channel = new(ChannelName, RedisChannel.PatternMode.Literal);
    private static readonly TimeSpan ProbeDeadline = TimeSpan.FromSeconds(15);
    private ConnectionMultiplexer? _redis;

    public async Task StartAsync(Func<BackplaneMessage, ValueTask> handler, CancellationToken cancellationToken)
    {
        _redis = await ConnectionMultiplexer.ConnectAsync(connectionString).ConfigureAwait(false);
        _redis.PreserveAsyncOrder = true;
        var subscriber = _redis.GetSubscriber();
        await SubscribeAsync(subscriber, handler).ConfigureAwait(false);
        await ConfirmSubscribedAsync(subscriber, handler, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Returns once this replica's subscription demonstrably receives. StackExchange.Redis 1.2.6 can complete
    /// SubscribeAsync before its subscription connection delivers (measured: 1 publish in 60 lost right after
    /// start), and a replica that reports ready while deaf loses group joins and sends. So a probe is published on
    /// a channel of this replica's own, subscribed after the shared one on the same connection: Redis applies a
    /// connection's commands in order, so once the probe arrives the shared subscription is live too.
    /// </summary>
    private async Task ConfirmSubscribedAsync(ISubscriber subscriber, Func<BackplaneMessage, ValueTask> handler, CancellationToken cancellationToken)
    {
        var probe = new RedisChannel(ChannelName + ":probe:" + Guid.NewGuid().ToString("N"), RedisChannel.PatternMode.Literal);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await subscriber.SubscribeAsync(probe, (_, _) => arrived.TrySetResult()).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + ProbeDeadline;
        for (var attempt = 1; !arrived.Task.IsCompleted; attempt++)
        {
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException("The Redis backplane subscription did not start receiving within " + ProbeDeadline.TotalSeconds + " s.");
            try
            {
                await subscriber.PublishAsync(probe, "probe").ConfigureAwait(false);
                await Task.WhenAny(arrived.Task, Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Min(attempt, 10)), cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (!arrived.Task.IsCompleted && attempt % 5 == 0)
                {
                    // Still deaf: subscribe both again (in the same order), as a reconnect would.
                    LogResubscribing(logger, attempt);
                    await subscriber.UnsubscribeAsync(Channel).ConfigureAwait(false);
                    await SubscribeAsync(subscriber, handler).ConfigureAwait(false);
                    await subscriber.UnsubscribeAsync(probe).ConfigureAwait(false);
                    await subscriber.SubscribeAsync(probe, (_, _) => arrived.TrySetResult()).ConfigureAwait(false);
                }
            }
            catch (RedisException ex)
            {
                // Not connected (yet): the multiplexer reconnects on its own; try again until the deadline.
                LogProbeFailed(logger, attempt, ex);
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            }
        }
        await subscriber.UnsubscribeAsync(probe).ConfigureAwait(false);
    }

    private Task SubscribeAsync(ISubscriber subscriber, Func<BackplaneMessage, ValueTask> handler) =>
        subscriber.SubscribeAsync(Channel, (_, value) =>
        {
            byte[]? bytes = value;
            if (bytes is null || !BackplaneMessageCodec.TryParse(new ReadOnlySequence<byte>(bytes), out var message))
            {
                LogMalformed(logger);
                return;
            }
            try
            {
                // Synchronous on purpose: the subscription callback order is the delivery order.
                handler(message!).AsTask().GetAwaiter().GetResult();
            }
            catch (InvalidOperationException ex)
            {
                LogApplyFailed(logger, ex);
            }
        });

    public async ValueTask PublishAsync(BackplaneMessage message, CancellationToken cancellationToken)
    {
        var redis = _redis ?? throw new InvalidOperationException("The backplane is not started.");
        var buffer = new ArrayBufferWriter<byte>();
        BackplaneMessageCodec.Write(message, buffer);
        await redis.GetSubscriber().PublishAsync(Channel, buffer.WrittenMemory.ToArray()).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is { } r)
        {
            await r.CloseAsync().ConfigureAwait(false);
            r.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a malformed backplane message")]
    private static partial void LogMalformed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The backplane subscription is not receiving yet after {Attempts} probes; subscribing again")]
    private static partial void LogResubscribing(ILogger logger, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backplane probe {Attempt} could not reach Redis")]
    private static partial void LogProbeFailed(ILogger logger, int attempt, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying a backplane message failed")]
    private static partial void LogApplyFailed(ILogger logger, Exception ex);
}
