using System.Buffers;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AgentPlatform.Relay.Core.Backplane;

/// <summary>
/// Redis pub/sub between replicas: every replica publishes to and subscribes to one channel. The connection is the
/// process's shared multiplexer (Aspire's Redis client integration), not owned here.
/// </summary>
public sealed partial class RedisBackplane(IConnectionMultiplexer redis, ILogger<RedisBackplane> logger) : IRelayBackplane
{
    /// <summary>The pub/sub channel every replica shares.</summary>
    public const string ChannelName = "agentplatform:relay:backplane";

    private static readonly RedisChannel Channel = RedisChannel.Literal(ChannelName);
    private ChannelMessageQueue? _queue;

    /// <summary>
    /// Returns once Redis has confirmed the subscription, so a message published after this returns reaches this
    /// replica (tests/Relay.Tests/Core/RedisBackplaneTests: publish right after start, 150 times).
    /// </summary>
    public async Task StartAsync(Func<BackplaneMessage, ValueTask> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        // The queue form, not a handler callback: it hands messages over one at a time in arrival order (a handler
        // subscription runs them concurrently), and a sender's frames must stay in order.
        _queue = await redis.GetSubscriber().SubscribeAsync(Channel).ConfigureAwait(false);
        _queue.OnMessage(message => ApplyAsync(message, handler));
    }

    private async Task ApplyAsync(ChannelMessage message, Func<BackplaneMessage, ValueTask> handler)
    {
        byte[]? bytes = message.Message;
        if (bytes is null || !BackplaneMessageCodec.TryParse(new ReadOnlySequence<byte>(bytes), out var parsed))
        {
            LogMalformed(logger);
            return;
        }
        try
        {
            await handler(parsed!).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            LogApplyFailed(logger, ex);
        }
    }

    public async ValueTask PublishAsync(BackplaneMessage message, CancellationToken cancellationToken)
    {
        if (_queue is null) throw new InvalidOperationException("The backplane is not started.");
        var buffer = new ArrayBufferWriter<byte>();
        BackplaneMessageCodec.Write(message, buffer);
        await redis.GetSubscriber().PublishAsync(Channel, buffer.WrittenMemory.ToArray()).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_queue is { } queue)
        {
            _queue = null;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a malformed backplane message")]
    private static partial void LogMalformed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying a backplane message failed")]
    private static partial void LogApplyFailed(ILogger logger, Exception ex);
}
