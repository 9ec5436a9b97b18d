namespace AgentPlatform.Relay.Core.Backplane;

/// <summary>
/// Carries group, user and connection operations between Relay replicas. Every published message reaches
/// every replica (the publisher included) in publication order, and each applies it to its own connections.
/// </summary>
public interface IRelayBackplane : IAsyncDisposable
{
    /// <summary>Starts delivering published messages to <paramref name="handler"/>.</summary>
    Task StartAsync(Func<BackplaneMessage, ValueTask> handler, CancellationToken cancellationToken);

    ValueTask PublishAsync(BackplaneMessage message, CancellationToken cancellationToken);
}
