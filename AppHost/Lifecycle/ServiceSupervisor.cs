using System.Collections.Concurrent;
using AgentPlatform.AppHost.Composition;
using AgentPlatform.AppHost.Output;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.AppHost.Lifecycle;

/// <summary>
/// What Aspire leaves to the AppHost, built on its resource notifications, logs and commands:
/// endpoints.json and the service table once every instance is healthy (rewritten after a restart); a
/// crashed service restarted with backoff (Aspire's start command); a service that cannot start (exits
/// before it was ever healthy, or is not healthy in time) quoted and turned into exit code 1.
/// </summary>
/// <remarks>
/// It starts watching in <see cref="StartingAsync"/>, before any hosted service's StartAsync: Aspire's
/// orchestrator does not return from its own StartAsync while a resource waits for one that failed, and a
/// start-up failure is exactly what must be seen then.
/// </remarks>
internal sealed partial class ServiceSupervisor(
    ResourceNotificationService notifications,
    ResourceLoggerService logs,
    ResourceCommandService commands,
    PlatformSetup setup,
    PlatformState state,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    ILogger<ServiceSupervisor> logger) : IHostedLifecycleService, IDisposable
{
    private const int MaxFailedRestarts = 8;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly HashSet<string> Terminal = [KnownResourceStates.Exited, KnownResourceStates.Finished, KnownResourceStates.FailedToStart];

    private readonly ConcurrentDictionary<string, ServiceInstance> _instances = new(StringComparer.Ordinal);
    private readonly List<Task> _work = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;
    private bool _ready;
    private bool _failed;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _running = SuperviseAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => _stopping.CancelAsync();

    public async Task StopAsync(CancellationToken cancellationToken) => await _running.WaitAsync(cancellationToken).ConfigureAwait(false);

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _stopping.Dispose();

    private async Task SuperviseAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        File.Delete(Path.Combine(setup.Options.DataDir, EndpointsFile.FileName));
        var startTimeout = configuration.GetValue("AppHost:StartTimeout", TimeSpan.FromSeconds(120));
        _work.Add(FailIfNotReadyAsync(startTimeout, stoppingToken));
        try
        {
            await foreach (var e in notifications.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!IsSupervised(e.Resource)) continue;
                var instance = _instances.GetOrAdd(e.ResourceId, id => Track(e.Resource.Name, id, stoppingToken));
                OnSnapshot(instance, e.Snapshot, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await Task.WhenAll(_work).ConfigureAwait(false);
    }

    private static bool IsSupervised(IResource resource) =>
        resource is ProjectResource || (resource is ExecutableResource && resource.Name == "redis-server");

    private ServiceInstance Track(string service, string resourceId, CancellationToken stoppingToken)
    {
        var instance = new ServiceInstance(service, resourceId);
        lock (_gate)
        {
            var siblings = _instances.Values.Count(i => i.Service == service);
            instance.DisplayName = siblings == 0 ? service : $"{service}-{(siblings + 1).Invariant()}";
            _work.Add(FollowLogsAsync(instance, stoppingToken));
        }
        return instance;
    }

    private void OnSnapshot(ServiceInstance instance, CustomResourceSnapshot snapshot, CancellationToken stoppingToken)
    {
        var status = snapshot.State?.Text ?? instance.State;
        Log.Snapshot(logger, instance.ResourceId, status, snapshot.HealthStatus?.ToString() ?? "-", snapshot.ExitCode ?? -1);
        instance.State = status;
        var healthy = status == KnownResourceStates.Running && snapshot.HealthStatus == HealthStatus.Healthy;
        if (healthy && !instance.Healthy && ProcessId(snapshot) is { } launcher) instance.ProcessId = ProcessTree.ServiceProcess(launcher);
        if (healthy && !instance.Healthy) OnHealthy(instance);
        if (!Terminal.Contains(status) || stoppingToken.IsCancellationRequested || _failed) return;
        if (instance.Healthy || instance.Restarting || instance.EverHealthy) OnExited(instance, snapshot.ExitCode, stoppingToken);
        else Fail(instance, $"{instance.DisplayName} exited with code {snapshot.ExitCode?.Invariant() ?? "?"} before it was healthy");
    }

    private void OnHealthy(ServiceInstance instance)
    {
        instance.Healthy = true;
        instance.EverHealthy = true;
        instance.FailedRestarts = 0;
        lock (_gate)
        {
            if (instance.Restarting)
            {
                instance.Restarting = false;
                Log.HealthyAgain(logger, instance.DisplayName);
                if (_ready) Publish($"{instance.DisplayName} restarted");
                return;
            }
            if (_ready || !AllHealthy()) return;
            _ready = true;
            Publish("AgentPlatform is ready");
        }
    }

    private void OnExited(ServiceInstance instance, int? exitCode, CancellationToken stoppingToken)
    {
        if (instance.Restarting && !instance.Healthy && instance.FailedRestarts >= MaxFailedRestarts)
        {
            Fail(instance, $"{instance.DisplayName} crashed {MaxFailedRestarts.Invariant()} times in a row after restarts");
            return;
        }
        if (instance.Restarting && !instance.Healthy) instance.FailedRestarts++;
        instance.Healthy = false;
        instance.Restarting = true;
        instance.Restarts++;
        var delay = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 500 * Math.Pow(2, instance.FailedRestarts)));
        Log.Restarting(logger, instance.DisplayName, exitCode ?? -1, delay.TotalSeconds);
        lock (_gate) _work.Add(RestartAsync(instance, delay, stoppingToken));
    }

    private async Task RestartAsync(ServiceInstance instance, TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            var result = await commands.ExecuteCommandAsync(instance.ResourceId, KnownResourceCommands.StartCommand, stoppingToken).ConfigureAwait(false);
            if (!result.Success) Log.RestartFailed(logger, instance.DisplayName, result.Message ?? "no reason given");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task FailIfNotReadyAsync(TimeSpan timeout, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(timeout, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        lock (_gate)
        {
            if (_ready || _failed) return;
        }
        var waiting = _instances.Values.Where(i => !i.Healthy).OrderBy(i => i.DisplayName, StringComparer.Ordinal).ToList();
        if (waiting.Count == 0) return;
        Fail(waiting[0], $"{string.Join(", ", waiting.Select(w => $"{w.DisplayName} ({w.State})"))} not healthy within {((int)timeout.TotalSeconds).Invariant()} s");
    }

    private void Fail(ServiceInstance instance, string reason)
    {
        lock (_gate)
        {
            if (_failed) return;
            _failed = true;
        }
        var tail = instance.Tail();
        var quoted = tail.Count == 0 ? "  (it printed nothing)" : string.Join('\n', tail.Select(l => "  > " + l));
        Log.ServiceFailed(logger, reason, instance.DisplayName, quoted);
        state.ExitCode = PlatformSetup.ExitServiceFailed;
        lifetime.StopApplication();
    }

    private async Task FollowLogsAsync(ServiceInstance instance, CancellationToken stoppingToken)
    {
        var prefix = instance.DisplayName.PadRight(9) + " | ";
        try
        {
            await foreach (var batch in logs.WatchAsync(instance.ResourceId).WithCancellation(stoppingToken).ConfigureAwait(false))
            {
                foreach (var line in batch)
                {
                    instance.AddLogLine(line.Content);
                    if (setup.Options.ConsoleLogs) await Console.Out.WriteLineAsync(prefix + line.Content).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private bool AllHealthy() =>
        state.Services.All(s => _instances.Values.Count(i => i.Service == s.Name && i.Healthy) >= s.Replicas) &&
        _instances.Values.Where(i => i.Service == "redis-server").All(i => i.Healthy);

    /// <summary>Writes endpoints.json and prints the table; called under the gate.</summary>
    private void Publish(string title)
    {
        var pids = _instances.Values.Where(i => i.ProcessId is not null).ToDictionary(i => i.DisplayName, i => i.ProcessId!.Value, StringComparer.Ordinal);
        EndpointsFile.Write(setup.Options.DataDir, EndpointsFile.Create(state, setup.Keys, setup.Options.DataDir, pids, AspireDashboardUrl()));
        var rows = _instances.Values.OrderBy(i => i.DisplayName, StringComparer.Ordinal)
            .Select(i => new StatusRow(i.DisplayName, ServiceUrl(i.Service), i.Healthy ? "Healthy" : i.State, i.ProcessId, i.Restarts)).ToList();
        var footer = new List<string>
        {
            $"endpoints.json: {Path.Combine(setup.Options.DataDir, EndpointsFile.FileName)} (URLs, development keys, full connection strings)",
        };
        if (state.WebPubSubConnectionString is { } wps) footer.Add($"webpubsub: {ConnectionStringMask.Mask(wps)}");
        if (state.Redis is { } redis) footer.Add($"redis: {ConnectionStringMask.Mask(redis)}");
        if (state.Services.Any(s => s.Name == "dashboard"))
        {
            footer.Add("dashboard login: the link in endpoints.json's dashboard.loginUrl, or the admin key on its login page");
        }
        if (AspireDashboardUrl() is { } dashboard) footer.Add($"Aspire dashboard: {dashboard} (log in with the link Aspire printed above)");
        footer.Add("Ctrl+C stops everything.");
        Log.Published(logger, title, StatusTable.Render(rows, footer));
    }

    private Uri? ServiceUrl(string service) =>
        state.Services.Any(s => s.Name == service) ? state.ServiceUrl(service) : null;

    private string? AspireDashboardUrl()
    {
        var urls = configuration["ASPNETCORE_URLS"];
        return string.IsNullOrEmpty(urls) ? null : urls.Split(';')[0];
    }

    private static int? ProcessId(CustomResourceSnapshot snapshot)
    {
        foreach (var p in snapshot.Properties)
        {
            if (p.Name is not ("executable.pid" or "project.pid")) continue;
            return p.Value switch
            {
                int i => i,
                long l => (int)l,
                string s when int.TryParse(s, out var parsed) => parsed,
                _ => null,
            };
        }
        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(0, LogLevel.Debug, "{ResourceId}: {State}, health {Health}, exit code {ExitCode}")]
        public static partial void Snapshot(ILogger logger, string resourceId, string state, string health, int exitCode);

        [LoggerMessage(1, LogLevel.Information, "{Title}\n{Table}")]
        public static partial void Published(ILogger logger, string title, string table);

        [LoggerMessage(2, LogLevel.Warning, "restarting {Service} (exit code {ExitCode}) in {DelaySeconds} s")]
        public static partial void Restarting(ILogger logger, string service, int exitCode, double delaySeconds);

        [LoggerMessage(3, LogLevel.Information, "{Service} is healthy again")]
        public static partial void HealthyAgain(ILogger logger, string service);

        [LoggerMessage(4, LogLevel.Error, "could not restart {Service}: {Reason}")]
        public static partial void RestartFailed(ILogger logger, string service, string reason);

        [LoggerMessage(5, LogLevel.Critical, "AppHost gives up: {Reason}. The last lines {Service} printed:\n{Tail}")]
        public static partial void ServiceFailed(ILogger logger, string reason, string service, string tail);
    }
}
