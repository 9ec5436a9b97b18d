namespace AgentPlatform.Relay.Core.Backplane;

/// <summary>
/// The single-replica backplane: a publish runs the subscribed handlers at once, in the caller's flow, so an operation
/// has taken effect when the call returns. Nothing is serialized.
/// </summary>
public sealed class InProcessBackplane : IRelayBackplane
{
    private readonly Lock _gate = new();
    private readonly Dictionary<BackplaneTopic, List<Subscription>> _subscriptions = [];

    public string ReplicaId { get; } = "local";

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IAsyncDisposable> SubscribeAsync(BackplaneTopic topic, Func<BackplaneMessage, ValueTask> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, topic, handler);
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(topic, out var list)) _subscriptions[topic] = list = [];
            list.Add(subscription);
        }
        return Task.FromResult<IAsyncDisposable>(subscription);
    }

    public async ValueTask<long> PublishAsync(BackplaneTopic topic, BackplaneMessage message, CancellationToken cancellationToken)
    {
        Subscription[] handlers;
        lock (_gate)
        {
            handlers = _subscriptions.TryGetValue(topic, out var list) ? [.. list] : [];
        }
        foreach (var s in handlers) await s.Handler(message).ConfigureAwait(false);
        return handlers.Length;
    }

    /// <summary>Handlers ran before <see cref="PublishAsync"/> returned: that is the acknowledgement.</summary>
    public ValueTask<long> PublishAcknowledgedAsync(BackplaneTopic topic, BackplaneMessage message, CancellationToken cancellationToken) =>
        PublishAsync(topic, message, cancellationToken);

    public ValueTask<long> SubscriberCountAsync(BackplaneTopic topic, CancellationToken cancellationToken)
    {
        lock (_gate) return ValueTask.FromResult<long>(_subscriptions.TryGetValue(topic, out var list) ? list.Count : 0);
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate) _subscriptions.Clear();
        return ValueTask.CompletedTask;
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            if (_subscriptions.TryGetValue(subscription.Topic, out var list) && list.Remove(subscription) && list.Count == 0)
            {
                _subscriptions.Remove(subscription.Topic);
            }
        }
    }

    private sealed class Subscription(InProcessBackplane owner, BackplaneTopic topic, Func<BackplaneMessage, ValueTask> handler) : IAsyncDisposable
    {
        public BackplaneTopic Topic { get; } = topic;

        public Func<BackplaneMessage, ValueTask> Handler { get; } = handler;

        public ValueTask DisposeAsync()
        {
            owner.Remove(this);
            return ValueTask.CompletedTask;
        }
    }
}
