using System.Collections.Concurrent;

namespace AgentPlatform.Relay.Core.Backplane;

/// <summary>
/// Reference-counted backplane subscriptions (SignalR's RedisSubscriptionManager): the first local holder of a topic
/// subscribes, the last one to let go unsubscribes. Changes to one topic are applied one at a time and always towards
/// the latest count, so a quick leave-and-join never ends unsubscribed while a member remains.
/// Unsubscribes started from synchronous paths (a connection closing) are owned here and awaited by <see cref="DrainAsync"/>.
/// </summary>
public sealed partial class TopicSubscriptions(IRelayBackplane backplane, Func<BackplaneMessage, ValueTask> handler, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<BackplaneTopic, Entry> _entries = [];
    private readonly ConcurrentDictionary<Task, byte> _releasing = new();

    /// <summary>Topics this replica is subscribed to right now (for tests and the admin view).</summary>
    public IReadOnlyList<BackplaneTopic> Subscribed
    {
        get
        {
            lock (_gate) return [.. _entries.Where(e => e.Value.Subscription is not null).Select(e => e.Key)];
        }
    }

    /// <summary>Counts one more local holder; completes once the topic is subscribed.</summary>
    public Task AcquireAsync(BackplaneTopic topic, CancellationToken cancellationToken = default)
    {
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(topic, out entry!)) _entries[topic] = entry = new Entry();
            entry.Count++;
            entry.Pending++;
        }
        return ReconcileAsync(topic, entry, cancellationToken);
    }

    /// <summary>Counts one holder less; the unsubscribe (if it was the last) runs in the background, owned here.</summary>
    public void Release(BackplaneTopic topic)
    {
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(topic, out entry!) || entry.Count == 0) return;
            entry.Count--;
            if (entry.Count > 0) return;
            entry.Pending++;
        }
        var task = ReleaseAsync(topic, entry);
        if (!task.IsCompleted)
        {
            _releasing[task] = 0;
            task.ContinueWith(static (t, s) => ((ConcurrentDictionary<Task, byte>)s!).TryRemove(t, out _), _releasing,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Waits for the unsubscribes still running.</summary>
    public Task DrainAsync() => Task.WhenAll(_releasing.Keys);

    private async Task ReleaseAsync(BackplaneTopic topic, Entry entry)
    {
        try
        {
            await ReconcileAsync(topic, entry, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The subscription stays; messages for a topic without local holders are ignored when applied.
            LogUnsubscribeFailed(logger, topic.Kind, ex);
        }
    }

    private async Task ReconcileAsync(BackplaneTopic topic, Entry entry, CancellationToken cancellationToken)
    {
        try
        {
            await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Done(topic, entry);
            throw;
        }
        try
        {
            bool wanted;
            lock (_gate) wanted = entry.Count > 0;
            if (wanted && entry.Subscription is null)
            {
                var subscription = await backplane.SubscribeAsync(topic, handler, cancellationToken).ConfigureAwait(false);
                lock (_gate) entry.Subscription = subscription;
            }
            else if (!wanted && entry.Subscription is { } old)
            {
                lock (_gate) entry.Subscription = null;
                await old.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            entry.Gate.Release();
            Done(topic, entry);
        }
    }

    private void Done(BackplaneTopic topic, Entry entry)
    {
        lock (_gate)
        {
            entry.Pending--;
            // Forget the entry once nobody holds it, nobody is changing it and it is unsubscribed.
            if (entry.Count == 0 && entry.Pending == 0 && entry.Subscription is null && _entries.TryGetValue(topic, out var e) && e == entry)
            {
                _entries.Remove(topic);
                entry.Gate.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Count { get; set; }

        public int Pending { get; set; }

        public IAsyncDisposable? Subscription { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unsubscribing a backplane topic of kind {Kind} failed")]
    private static partial void LogUnsubscribeFailed(ILogger logger, BackplaneTopicKind kind, Exception ex);
}
