namespace AgentPlatform.Relay.Agenkit;

/// <summary>Prunes agents registered over agenkit whose heartbeats stopped, every <see cref="AgenkitOptions.PruneInterval"/>.</summary>
public sealed partial class AgenkitPruneService(AgenkitAgents agents, AgenkitOptions options, TimeProvider time, ILogger<AgenkitPruneService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled) return;
        using var timer = new PeriodicTimer(options.PruneInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (var agent in await agents.PruneAsync(stoppingToken).ConfigureAwait(false))
                {
                    LogPruned(logger, agent.Registration.AgentName, agent.LastHeartbeat);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "agenkit agent {Agent} pruned: no heartbeat since {LastHeartbeat}")]
    private static partial void LogPruned(ILogger logger, string agent, DateTimeOffset lastHeartbeat);
}
