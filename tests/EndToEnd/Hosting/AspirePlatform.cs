using System.Collections.Concurrent;
using AgentPlatform.TestSupport;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.EndToEnd.Hosting;

/// <summary>
/// The real AppHost started through Aspire.Hosting.Testing (its Program.cs, DCP, the four services as
/// processes) on free ports and a temp data dir; ready once AppHost wrote endpoints.json. AppHost itself runs
/// in this process, so its log is captured here and each service's log comes from Aspire's log service.
/// </summary>
public sealed class AspirePlatform : IAsyncDisposable
{
    private readonly DistributedApplication _app;
    private readonly CapturedLog _log;
    private readonly ConcurrentDictionary<string, string> _instances = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _watch;

    private AspirePlatform(DistributedApplication app, CapturedLog log, string dataDir, PlatformEndpoints endpoints)
    {
        _app = app;
        _log = log;
        DataDir = dataDir;
        Endpoints = endpoints;
        _watch = WatchInstancesAsync();
    }

    /// <summary>Aspire's instance ids (name-suffix) by resource name, as its notifications name them.</summary>
    private async Task WatchInstancesAsync()
    {
        try
        {
            var notifications = _app.Services.GetRequiredService<ResourceNotificationService>();
            await foreach (var e in notifications.WatchAsync(_stopping.Token))
            {
                _instances[e.ResourceId] = e.Resource.Name;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public string DataDir { get; }

    public string EndpointsPath => Path.Combine(DataDir, "endpoints.json");

    /// <summary>As read when the composition became healthy; <see cref="ReloadEndpoints"/> after a restart.</summary>
    public PlatformEndpoints Endpoints { get; private set; }

    /// <summary>What AppHost logged (its supervisor's table, restarts, failures).</summary>
    public string AppHostLog => _log.Text;

    public IServiceProvider Services => _app.Services;

    public static Task<AspirePlatform> StartAsync(params string[] args) => StartAsync(null, args);

    /// <summary>Starts with AppHost arguments, letting the test adjust the model before it runs.</summary>
    public static async Task<AspirePlatform> StartAsync(Action<IDistributedApplicationTestingBuilder>? configure, params string[] args)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "agentplatform-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--port-base", "0", "--data-dir", dataDir, .. args]);
        var log = new CapturedLog();
        builder.Services.AddLogging(l => l.AddProvider(log));
        configure?.Invoke(builder);
        var app = await builder.BuildAsync();
        try
        {
            await app.StartAsync();
            var path = Path.Combine(dataDir, "endpoints.json");
            var deadline = DateTime.UtcNow.AddSeconds(120);
            PlatformEndpoints? endpoints;
            while (!PlatformEndpoints.TryLoad(path, out endpoints) || endpoints!.ProcessIds.GetValueOrDefault("apphost") != Environment.ProcessId)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"AppHost did not write endpoints.json within 120 s. Its log:\n{log.Text}");
                await Task.Delay(100);
            }
            return new AspirePlatform(app, log, dataDir, endpoints);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Re-reads endpoints.json (AppHost rewrites it when a restarted service is healthy again).</summary>
    public PlatformEndpoints ReloadEndpoints() => Endpoints = PlatformEndpoints.Load(EndpointsPath);

    /// <summary>Every line the named service has printed so far (all its instances).</summary>
    public async Task<IReadOnlyList<string>> ServiceLogAsync(string service, CancellationToken cancellationToken = default)
    {
        var lines = new List<string>();
        var logs = _app.Services.GetRequiredService<ResourceLoggerService>();
        foreach (var instance in _instances.Where(i => i.Value == service).Select(i => i.Key).ToList())
        {
            await foreach (var batch in logs.GetAllAsync(instance).WithCancellation(cancellationToken))
            {
                lines.AddRange(batch.Select(l => l.Content));
            }
        }
        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _watch;
        _stopping.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
