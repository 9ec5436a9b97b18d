using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.AppHost.Lifecycle;

/// <summary>
/// When a test or tool that started AppHost (and named itself in <c>AGENTPLATFORM_SUPERVISOR_PID</c>) dies, AppHost
/// stops, and DCP with it stops every service: a killed test run leaves nothing behind. The variable has a
/// name no service reads, because DCP hands AppHost's environment on to every service.
/// </summary>
internal sealed partial class SupervisorProcessWatch(IHostApplicationLifetime lifetime, ILogger<SupervisorProcessWatch> logger) : BackgroundService
{
    public const string Variable = "AGENTPLATFORM_SUPERVISOR_PID";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (IsRunning(pid)) continue;
                Log.SupervisorGone(logger, pid);
                lifetime.StopApplication();
                return;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Supervisor process {Pid} is gone; stopping")]
        public static partial void SupervisorGone(ILogger logger, int pid);
    }
}
