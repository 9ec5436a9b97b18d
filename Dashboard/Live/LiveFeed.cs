using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using AgentPlatform.Dashboard.Json;
using AgentPlatform.Dashboard.Sse;
using AgentPlatform.Dashboard.Telemetry;

namespace AgentPlatform.Dashboard.Live;

/// <summary>
/// Fans dashboard changes out to every attached browser. Each browser has a bounded queue; a browser
/// that cannot keep up is disconnected rather than slowing the others, and on reconnect it gets a fresh
/// snapshot, so it loses nothing but a moment.
/// </summary>
public sealed class LiveFeed(DashboardTelemetry telemetry)
{
    public const int QueueCapacity = 4096;
    private readonly Lock _gate = new();
    private readonly List<Channel<LiveMessage>> _subscribers = [];

    public int Subscribers
    {
        get
        {
            lock (_gate) return _subscribers.Count;
        }
    }

    public static LiveMessage Encode<T>(string type, T payload)
    {
        var buffer = new ArrayBufferWriter<byte>();
        SseWriter.Write(buffer, type, JsonSerializer.Serialize(payload, DashboardJson.Options));
        return new LiveMessage(type, buffer.WrittenMemory);
    }

    public void Publish<T>(string type, T payload)
    {
        Channel<LiveMessage>[] targets;
        lock (_gate)
        {
            if (_subscribers.Count == 0) return;
            targets = [.. _subscribers];
        }
        var message = Encode(type, payload);
        foreach (var channel in targets)
        {
            if (!channel.Writer.TryWrite(message))
            {
                channel.Writer.TryComplete(new InvalidOperationException("The browser fell too far behind the live feed."));
                Remove(channel);
            }
        }
    }

    public ChannelReader<LiveMessage> Subscribe(out Action unsubscribe)
    {
        var channel = Channel.CreateBounded<LiveMessage>(new BoundedChannelOptions(QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        lock (_gate) _subscribers.Add(channel);
        telemetry.LiveSubscribers.Add(1);
        unsubscribe = () => Remove(channel);
        return channel.Reader;
    }

    private void Remove(Channel<LiveMessage> channel)
    {
        bool removed;
        lock (_gate) removed = _subscribers.Remove(channel);
        if (removed) telemetry.LiveSubscribers.Add(-1);
    }
}
