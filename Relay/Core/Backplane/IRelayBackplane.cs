namespace AgentPlatform.Relay.Core.Backplane;

/// <summary>
/// Carries operations between Relay replicas over topics (docs/protocol/relay-backplane.md): a replica subscribes to
/// the topics of what it holds (its connections, the groups and users they belong to, their hubs) and a message
/// published to a topic reaches exactly the replicas subscribed to it, in publication order per topic.
/// Reference counting of subscriptions is the caller's (<see cref="TopicSubscriptions"/>); the backplane subscribes
/// once per call.
/// </summary>
public interface IRelayBackplane : IAsyncDisposable
{
    /// <summary>This replica's id: acknowledgements are addressed to it and provider presence names it.</summary>
    string ReplicaId { get; }

    /// <summary>Starts receiving acknowledgements addressed to this replica. Idempotent.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Subscribes <paramref name="handler"/> to <paramref name="topic"/>; returns once the subscription is confirmed, so a
    /// message published afterwards reaches it. Messages of one subscription are handed over one at a time, in order.
    /// Dispose the result to unsubscribe.
    /// </summary>
    Task<IAsyncDisposable> SubscribeAsync(BackplaneTopic topic, Func<BackplaneMessage, ValueTask> handler, CancellationToken cancellationToken);

    /// <summary>Publishes to every replica subscribed to <paramref name="topic"/>; returns how many received it.</summary>
    ValueTask<long> PublishAsync(BackplaneTopic topic, BackplaneMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Publishes and waits until every replica that received the message has applied it (SignalR's group-action ack).
    /// Returns how many applied it (0: no replica holds the target). Throws <see cref="TimeoutException"/> when a
    /// receiver does not acknowledge within the configured time.
    /// </summary>
    ValueTask<long> PublishAcknowledgedAsync(BackplaneTopic topic, BackplaneMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// How many replicas are subscribed to <paramref name="topic"/> now (0: the replica that held it is gone). Throws
    /// when the backplane cannot tell (Redis unreachable): a route through it is then as good as lost.
    /// </summary>
    ValueTask<long> SubscriberCountAsync(BackplaneTopic topic, CancellationToken cancellationToken);
}
