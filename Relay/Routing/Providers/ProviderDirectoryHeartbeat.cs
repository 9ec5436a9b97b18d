namespace AgentPlatform.Relay.Routing.Providers;

/// <summary>
/// Owns the provider directory's periodic work: subscribe at start, re-announce local providers and expire silent
/// remote ones every <see cref="ProviderDirectoryOptions.AnnounceInterval"/> (on the given TimeProvider, so tests
/// drive it with fake time), withdraw local providers at stop.
/// </summary>
public sealed class ProviderDirectoryHeartbeat(ClusterProviderDirectory directory, ProviderDirectoryOptions options, TimeProvider time)
    : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await directory.StartAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.AnnounceInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await directory.AnnounceAllAsync(stoppingToken).ConfigureAwait(false);
                directory.Expire();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await directory.WithdrawAllAsync(cancellationToken).ConfigureAwait(false);
    }
}
