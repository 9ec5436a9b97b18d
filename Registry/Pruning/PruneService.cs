using AgentPlatform.Registry.Diagnostics;
using AgentPlatform.Registry.Options;
using AgentPlatform.Registry.Stores;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Registry.Pruning;

/// <summary>Ticks every <see cref="RegistryOptions.PruneInterval"/> on the injected clock and lets the store prune.</summary>
public sealed class PruneService(IRegistryStore store, IOptions<RegistryOptions> options, TimeProvider time, ILogger<PruneService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PruneInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await store.PruneAsync(time.GetUtcNow()).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.PruneFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
