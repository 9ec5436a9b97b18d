using System.Globalization;
using System.Runtime.InteropServices;
using AgentPlatform.AppHost.Composition;
using AgentPlatform.AppHost.Configuration;
using AgentPlatform.AppHost.Output;
using AgentPlatform.ServiceDefaults.Lifetime;

namespace AgentPlatform.AppHost.Running;

/// <summary>
/// Runs the composition: starts services in dependency order, health-gates them, writes endpoints.json and
/// prints the table once all are healthy, restarts crashes, and on Ctrl+C/SIGTERM (or when whoever started
/// AppHost disappears) stops every service and exits 0. A service that cannot start: exit 1, naming it.
/// </summary>
public sealed class PlatformApplication
{
    public const int ExitOk = 0;
    public const int ExitServiceFailed = 1;
    public const int ExitUsage = 2;
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly AppHostOptions _options;
    private readonly DevelopmentKeys _keys;
    private readonly IReadOnlyList<ServiceResource> _services;
    private readonly IReadOnlyList<ConnectionStringResource> _connections;
    private readonly string? _error;
    private readonly Lock _endpointsGate = new();
    private ConsoleOutput _console = null!;
    private List<ServiceRunner> _runners = [];
    private bool _ready;

    internal PlatformApplication(AppHostOptions options, DevelopmentKeys keys, IReadOnlyList<ServiceResource> services,
        IReadOnlyList<ConnectionStringResource> connections, string? error)
    {
        _options = options;
        _keys = keys;
        _services = services;
        _connections = connections;
        _error = error;
    }

    public async Task<int> RunAsync()
    {
        if (_error is not null)
        {
            await Console.Error.WriteLineAsync(_error + "\n\n" + AppHostOptions.Usage).ConfigureAwait(false);
            return ExitUsage;
        }
        if (_options.ShowHelp)
        {
            await Console.Out.WriteLineAsync(AppHostOptions.Usage).ConfigureAwait(false);
            return ExitOk;
        }

        _console = new ConsoleOutput(_services.SelectMany(s => Enumerable.Range(0, s.Replicas).Select(s.ReplicaName)));
        File.Delete(Path.Combine(_options.DataDir, EndpointsFile.FileName));
        using var probe = new HealthProbe();
        _runners = [.. _services.SelectMany(s => Enumerable.Range(0, s.Replicas).Select(i => new ServiceRunner(s, i, _options.DataDir, _console, probe, OnRecovered)))];
        var byService = _runners.ToLookup(r => r.Service);

        using var stopping = new CancellationTokenSource();
        using var signals = RegisterSignals(stopping);
        var watch = WatchSupervisorAsync(stopping);
        _console.Info($"starting {string.Join(", ", _runners.Select(r => $"{r.Name} on {r.Url.Port.ToString(CultureInfo.InvariantCulture)}"))}; data dir {_options.DataDir}");

        var running = _runners.Select(r => r.RunAsync([.. r.Service.WaitsFor.SelectMany(d => byService[d])], stopping.Token)).ToList();
        var allHealthy = Task.WhenAll(_runners.Select(r => r.Healthy));
        var anyFailed = Task.WhenAny(_runners.Select(r => r.Failed));
        var stopped = Task.Delay(Timeout.Infinite, stopping.Token);

        var first = await Task.WhenAny(allHealthy, anyFailed, stopped).ConfigureAwait(false);
        if (first == allHealthy)
        {
            lock (_endpointsGate)
            {
                _ready = true;
                WriteEndpoints();
            }
            PrintTable("AgentPlatform is ready");
            first = await Task.WhenAny(anyFailed, stopped).ConfigureAwait(false);
        }

        ServiceFailure? failure = first == anyFailed ? await (await anyFailed.ConfigureAwait(false)).ConfigureAwait(false) : null;
        if (failure is not null) _console.Error(failure.Describe());
        _console.Info("stopping every service");
        await stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_runners.Select(r => r.StopAsync(StopGrace))).ConfigureAwait(false);
        await Task.WhenAll(running).ConfigureAwait(false);
        await watch.ConfigureAwait(false);
        if (failure is not null)
        {
            _console.Error($"AppHost gives up: {failure.Service} could not run");
            return ExitServiceFailed;
        }
        _console.Info("all services stopped");
        return ExitOk;
    }

    private void OnRecovered(ServiceRunner runner)
    {
        lock (_endpointsGate)
        {
            if (_ready) WriteEndpoints();
        }
        PrintTable($"{runner.Name} restarted");
    }

    private void WriteEndpoints()
    {
        var pids = _runners.Where(r => r.ProcessId is not null).ToDictionary(r => r.Name, r => r.ProcessId!.Value);
        var webPubSub = _connections.FirstOrDefault(c => c.Name == "webpubsub")?.ConnectionString;
        EndpointsFile.Write(_options.DataDir, EndpointsFile.Create(_services, _keys, _options.DataDir, webPubSub, _options.Redis, pids));
    }

    private void PrintTable(string title)
    {
        var rows = _runners.Select(r => new StatusRow(r.Name, r.Url, r.State.ToString(), r.ProcessId, r.Restarts)).ToList();
        var footer = new List<string>
        {
            $"endpoints.json: {Path.Combine(_options.DataDir, EndpointsFile.FileName)} (URLs, development keys, full connection strings)",
        };
        footer.AddRange(_connections.Select(c => $"{c.Name}: {c.Masked}"));
        if (_options.Redis is not null) footer.Add($"redis: {ConnectionStringMask.Mask(_options.Redis)}");
        footer.Add("Ctrl+C stops everything.");
        _console.Info(title);
        _console.Block(StatusTable.Render(rows, footer));
    }

    private Registrations RegisterSignals(CancellationTokenSource stopping)
    {
        var pressed = 0;
        void Handle(PosixSignalContext context)
        {
            // We stop the services ourselves (they run in their own sessions and never see the terminal's signal).
            context.Cancel = true;
            if (Interlocked.Increment(ref pressed) == 1)
            {
                _console.Info($"{context.Signal} received; stopping gracefully (again to kill at once)");
                stopping.Cancel();
            }
            else
            {
                _console.Error("killing every service");
                foreach (var r in _runners) r.Kill();
            }
        }
        var registrations = new List<PosixSignalRegistration>
        {
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        };
        if (!OperatingSystem.IsWindows()) registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Handle));
        return new Registrations(registrations);
    }

    /// <summary>When a test or tool that started AppHost dies, AppHost stops too, and with it every service.</summary>
    private async Task WatchSupervisorAsync(CancellationTokenSource stopping)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(ParentProcess.EnvironmentVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token).ConfigureAwait(false))
            {
                if (!ParentProcess.IsGone(pid)) continue;
                _console.Error($"supervisor process {pid.ToString(CultureInfo.InvariantCulture)} is gone; stopping");
                await stopping.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class Registrations(List<PosixSignalRegistration> items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var r in items) r.Dispose();
        }
    }
}
