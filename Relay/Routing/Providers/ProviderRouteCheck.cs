using AgentPlatform.Relay.Core.Backplane;

namespace AgentPlatform.Relay.Routing.Providers;

/// <summary>
/// How an invocation crossing the backplane notices that its route is lost: the provider's replica no longer listens
/// on the provider's connection topic (it died: Redis drops a dead client's subscriptions at once), or Redis cannot be
/// asked. Presence expiry would take <see cref="ProviderDirectoryOptions.Expiry"/>; this takes one interval.
/// </summary>
public sealed class ProviderRouteCheck(IRelayBackplane backplane, TimeSpan interval)
{
    public TimeSpan Interval { get; } = interval;

    /// <summary>
    /// Checks every <see cref="Interval"/> until <paramref name="cancellationToken"/> ends; calls <paramref name="lost"/>
    /// once (and returns) when the route is gone.
    /// </summary>
    public async Task WatchAsync(BackplaneTopic topic, Action lost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lost);
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!await ListensAsync(topic, cancellationToken).ConfigureAwait(false))
                {
                    lost();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The invocation ended.
        }
    }

    private async Task<bool> ListensAsync(BackplaneTopic topic, CancellationToken cancellationToken)
    {
        try
        {
            return await backplane.SubscriberCountAsync(topic, cancellationToken).ConfigureAwait(false) > 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // Redis is unreachable: frames of this invocation published meanwhile are lost, so is the invocation.
            return false;
        }
    }
}
