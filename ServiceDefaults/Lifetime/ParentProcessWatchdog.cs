using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.ServiceDefaults.Lifetime;

/// <summary>
/// Stops the service when its supervisor is gone, so no process of the composition outlives AppHost,
/// even when AppHost is killed with SIGKILL and cannot clean up. prctl(PR_SET_PDEATHSIG) is not used:
/// it fires when the spawning thread exits, and in .NET that is any thread-pool thread.
/// </summary>
internal sealed partial class ParentProcessWatchdog(
    IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<ParentProcessWatchdog> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ForcedExitAfter = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!int.TryParse(configuration[ParentProcess.EnvironmentVariable], NumberStyles.None, CultureInfo.InvariantCulture, out var parentPid))
        {
            return;
        }
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!ParentProcess.IsGone(parentPid)) continue;
                LogParentGone(logger, parentPid);
                // A graceful stop first; if shutdown hangs, the process must still go.
                _ = Task.Delay(ForcedExitAfter, CancellationToken.None).ContinueWith(_ => Environment.Exit(1), TaskScheduler.Default);
                lifetime.StopApplication();
                return;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Supervisor process {ParentPid} is gone; stopping")]
    private static partial void LogParentGone(ILogger logger, int parentPid);
}
