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
    private ConnectionMultiplexer? _redis;

    public async Task StartAsync(Func<BackplaneMessage, ValueTask> handler, CancellationToken cancellationToken)
    {
        _redis = await ConnectionMultiplexer.ConnectAsync(connectionString).ConfigureAwait(false);
        _redis.PreserveAsyncOrder = true;
        var subscriber = _redis.GetSubscriber();
        await subscriber.SubscribeAsync(Channel, (_, value) =>
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
        }).ConfigureAwait(false);
    }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying a backplane message failed")]
    private static partial void LogApplyFailed(ILogger logger, Exception ex);
}
