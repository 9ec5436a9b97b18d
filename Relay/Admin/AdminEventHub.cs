using System.Collections.Concurrent;
using System.Net.ServerSentEvents;
using System.Threading.Channels;
using AgentPlatform.Relay.Core;

namespace AgentPlatform.Relay.Admin;

/// <summary>Fans connection and invocation events out to admin SSE subscribers; a subscriber too slow loses events, never blocks the Relay.</summary>
public sealed class AdminEventHub
{
    private readonly ConcurrentDictionary<Channel<SseItem<object>>, byte> _subscribers = new();

    public AdminEventHub(RelayCore core, InvocationLog invocations)
    {
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(invocations);
        core.ConnectionOpened += c => Publish("connection.opened", AdminViews.Connection(c));
        core.ConnectionClosed += (c, _) => Publish("connection.closed", AdminViews.Connection(c));
        invocations.Changed += (type, record) => Publish(type, record);
    }

    public void Publish(string type, object data)
    {
        foreach (var channel in _subscribers.Keys) channel.Writer.TryWrite(new SseItem<object>(data, type));
    }

    /// <summary>Registers a subscriber at once (so nothing published after this call is missed); ends with the token.</summary>
    public ChannelReader<SseItem<object>> Subscribe(CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<SseItem<object>>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        _subscribers[channel] = 0;
        cancellationToken.Register(() => _subscribers.TryRemove(channel, out _));
        return channel.Reader;
    }
}
