using System.Globalization;
using AgentPlatform.AppHost.Composition;
using AgentPlatform.AppHost.Output;

namespace AgentPlatform.AppHost.Running;

/// <summary>
/// Supervises one service: waits for its dependencies' health, starts it, waits for its own health, and
/// restarts it with backoff when it dies. A service that never gets healthy at start-up, or keeps failing
/// to come back, is reported through <see cref="Failed"/>, and AppHost gives up.
/// </summary>
internal sealed class ServiceRunner(
    ServiceResource service, int replica, string dataDir, ConsoleOutput console, HealthProbe probe, Action<ServiceRunner> recovered)
{
    public static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(90);
    private const int MaxConsecutiveFailures = 8;
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _healthy = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ServiceFailure> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile ServiceProcess? _process;

    public ServiceResource Service => service;

    /// <summary>The service name, or name-2, name-3… for further replicas.</summary>
    public string Name { get; } = service.ReplicaName(replica);

    public Uri Url => service.ReplicaUrl(replica);

    public ServiceState State { get; private set; } = ServiceState.Waiting;

    public int Restarts { get; private set; }

    public int? ProcessId => _process?.Id;

    /// <summary>Completes the first time the service answers its health check.</summary>
    public Task Healthy => _healthy.Task;

    /// <summary>Completes when the service cannot be started or restarted any more.</summary>
    public Task<ServiceFailure> Failed => _failed.Task;

    public async Task RunAsync(IReadOnlyList<ServiceRunner> dependencies, CancellationToken stopping)
    {
        try
        {
            await Task.WhenAll(dependencies.Select(d => d.Healthy)).WaitAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var consecutiveFailures = 0;
        while (!stopping.IsCancellationRequested)
        {
            State = ServiceState.Starting;
            ServiceProcess process;
            try
            {
                var env = ServiceEnvironment.Build(service, replica, dataDir, Environment.GetEnvironmentVariables(), Environment.ProcessId);
                process = ServiceProcess.Start(service, env, line => console.ServiceLine(Name, line));
            }
            catch (Exception ex) when (ex is IOException or System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                Fail(ex.Message, []);
                return;
            }
            var previous = Interlocked.Exchange(ref _process, process);
            previous?.Dispose();

            var outcome = await WaitHealthyAsync(process, stopping).ConfigureAwait(false);
            if (stopping.IsCancellationRequested) return;

            if (outcome is not null)
            {
                process.Kill();
                if (!_healthy.Task.IsCompleted)
                {
                    Fail(outcome, process.LastLines);
                    return;
                }
                if (++consecutiveFailures >= MaxConsecutiveFailures)
                {
                    Fail($"{outcome} on {consecutiveFailures} restarts in a row", process.LastLines);
                    return;
                }
                console.Error($"{Name} {outcome} after a restart");
            }
            else
            {
                State = ServiceState.Healthy;
                var firstTime = _healthy.TrySetResult();
                if (!firstTime)
                {
                    console.Info($"{Name} is healthy again (pid {process.Id}, restart {Restarts})");
                    recovered(this);
                }
                consecutiveFailures = 0;
                int code;
                try
                {
                    code = await process.Exited.WaitAsync(stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                if (stopping.IsCancellationRequested) return;
                console.Error($"{Name} (pid {process.Id.ToString(CultureInfo.InvariantCulture)}) exited unexpectedly with code {code.ToString(CultureInfo.InvariantCulture)}");
            }

            Restarts++;
            State = ServiceState.Restarting;
            var delay = Backoff(consecutiveFailures);
            console.Info($"restarting {Name} in {delay.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s (restart {Restarts})");
            try
            {
                await Task.Delay(delay, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>SIGTERM, then SIGKILL if the service has not stopped within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        var process = _process;
        if (process is null || process.HasExited)
        {
            State = State == ServiceState.Failed ? State : ServiceState.Stopped;
            return;
        }
        State = ServiceState.Stopping;
        process.Terminate();
        try
        {
            await process.Exited.WaitAsync(grace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            console.Error($"{Name} did not stop within {grace.TotalSeconds} s; killing it");
            process.Kill();
            await process.Exited.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        State = ServiceState.Stopped;
    }

    /// <summary>Force-kill without waiting (a second Ctrl+C).</summary>
    public void Kill() => _process?.Kill();

    internal static TimeSpan Backoff(int consecutiveFailures)
    {
        var ms = 500 * Math.Pow(2, Math.Min(consecutiveFailures, 10));
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxBackoff.TotalMilliseconds));
    }

    /// <summary>Null when healthy; otherwise why not.</summary>
    private async Task<string?> WaitHealthyAsync(ServiceProcess process, CancellationToken stopping)
    {
        var url = new Uri(Url, service.HealthPath);
        var deadline = DateTime.UtcNow + StartupTimeout;
        while (!stopping.IsCancellationRequested)
        {
            if (process.Exited.IsCompleted)
            {
                return $"exited with code {(await process.Exited.ConfigureAwait(false)).ToString(CultureInfo.InvariantCulture)} before it was healthy";
            }
            if (await probe.IsHealthyAsync(url, stopping).ConfigureAwait(false)) return null;
            if (DateTime.UtcNow > deadline) return $"was not healthy at {url} within {StartupTimeout.TotalSeconds} s";
            await Task.WhenAny(process.Exited, Task.Delay(ProbeInterval, stopping)).ConfigureAwait(false);
        }
        return null;
    }

    private void Fail(string reason, IReadOnlyList<string> lastLines)
    {
        State = ServiceState.Failed;
        _failed.TrySetResult(new ServiceFailure(Name, reason, lastLines));
    }
}
