using System.Threading.Channels;
using AgentPlatform.Registry.Stores;

namespace AgentPlatform.Registry.Watch;

/// <summary>
/// Fans events out to watchers. Publishing never blocks: a watcher whose queue is full is cut off (its channel
/// completes with <see cref="WatcherTooSlowException"/>) and resumes from its cursor, so one slow reader cannot
/// stall the registry or the other watchers.
/// </summary>
public sealed class EventHub
{
    private readonly Lock _gate = new();
    private readonly List<Channel<RegistryEvent>> _subscribers = [];
    private readonly int _capacity;

    public EventHub(int capacity)
    {
        _capacity = capacity;
    }

    public int SubscriberCount
    {
        get
        {
            lock (_gate) return _subscribers.Count;
        }
    }

    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<RegistryEvent>(new BoundedChannelOptions(_capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        lock (_gate) _subscribers.Add(channel);
        return new Subscription(this, channel);
    }

    /// <summary>Callers publish in sequence order (the stores guarantee it); the order is kept per watcher.</summary>
    public void Publish(RegistryEvent evt)
    {
        lock (_gate)
        {
            for (var i = _subscribers.Count - 1; i >= 0; i--)
            {
                var channel = _subscribers[i];
                if (!channel.Writer.TryWrite(evt))
                {
                    channel.Writer.TryComplete(new WatcherTooSlowException());
                    _subscribers.RemoveAt(i);
                }
            }
        }
    }

    private void Remove(Channel<RegistryEvent> channel)
    {
        lock (_gate) _subscribers.Remove(channel);
        channel.Writer.TryComplete();
    }

    /// <summary>One watcher's queue; dispose to unsubscribe.</summary>
    public sealed class Subscription(EventHub hub, Channel<RegistryEvent> channel) : IDisposable
    {
        public ChannelReader<RegistryEvent> Reader => channel.Reader;

        public void Dispose() => hub.Remove(channel);
    }
}
