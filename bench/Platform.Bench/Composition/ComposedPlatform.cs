using System.Diagnostics;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Platform.Bench.Composition;

/// <summary>
/// The platform as a user starts it: <c>dotnet AgentPlatform.AppHost.dll --data-dir &lt;temp&gt; --port-base 0</c>
/// from the Release build beside this bench, services started by Aspire/DCP as their own processes. Ready when
/// endpoints.json names this AppHost; stopped with SIGTERM to AppHost's pid (a background process ignores SIGINT),
/// then every service pid endpoints.json listed is checked gone (and killed by pid if one is left).
/// </summary>
public sealed class ComposedPlatform : IAsyncDisposable
{
    private readonly ChildProcess _appHost;
    private readonly string _dataDir;
    private bool _stopped;

    private ComposedPlatform(string label, ChildProcess appHost, string dataDir, PlatformEndpoints endpoints, TimeSpan startup)
    {
        Label = label;
        _appHost = appHost;
        _dataDir = dataDir;
        Endpoints = endpoints;
        Startup = startup;
    }

    public string Label { get; }

    public PlatformEndpoints Endpoints { get; }

    public TimeSpan Startup { get; }

    /// <summary>Service pids other than AppHost's, as endpoints.json recorded them.</summary>
    public IReadOnlyDictionary<string, int> ServicePids =>
        Endpoints.ProcessIds.Where(p => p.Key != "apphost").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    /// <summary>What the stop found: services still running after AppHost's exit (killed by pid), empty when clean.</summary>
    public IReadOnlyList<string> LeftRunning { get; private set; } = [];

    public static async Task<ComposedPlatform> StartAsync(string label, string? redis, IDictionary<string, string?> environment)
    {
        var options = new PlatformOptions { Redis = redis };
        foreach (var (k, v) in environment) options.Environment[k] = v;
        var dataDir = Path.Combine(Path.GetTempPath(), "platform-bench-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDir);
        var clock = Stopwatch.StartNew();
        var child = PlatformProcess.Launch(options, dataDir, []);
        var endpointsPath = Path.Combine(dataDir, "endpoints.json");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(180);
        try
        {
            while (true)
            {
                if (PlatformEndpoints.TryLoad(endpointsPath, out var endpoints) && endpoints!.ProcessIds.GetValueOrDefault("apphost") == child.Id)
                {
                    return new ComposedPlatform(label, child, dataDir, endpoints, clock.Elapsed);
                }
                if (child.HasExited) throw new InvalidOperationException($"AppHost exited with {child.ExitCode} before it was healthy:\n{child.Tail(60)}");
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"AppHost was not healthy within 180 s:\n{child.Tail(60)}");
                await Task.Delay(100);
            }
        }
        catch
        {
            await StopChildAsync(child, new Dictionary<string, int>());
            TryDelete(dataDir);
            throw;
        }
    }

    /// <summary>RSS of a service process in bytes (/proc/&lt;pid&gt;/status VmRSS), read from outside.</summary>
    public long RssBytes(string service)
    {
        var pid = Endpoints.ProcessIds[service];
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
            return long.Parse(kb, System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException($"no VmRSS for {service} ({pid})");
    }

    /// <summary>The soft open-files limit of a service process, from /proc/&lt;pid&gt;/limits.</summary>
    public string OpenFilesLimit(string service)
    {
        var pid = Endpoints.ProcessIds[service];
        var line = File.ReadLines($"/proc/{pid}/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        return line is null ? "?" : line["Max open files".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped) return;
        _stopped = true;
        LeftRunning = await StopChildAsync(_appHost, ServicePids);
        TryDelete(_dataDir);
    }

    private static async Task<IReadOnlyList<string>> StopChildAsync(ChildProcess appHost, IReadOnlyDictionary<string, int> services)
    {
        if (!appHost.HasExited)
        {
            appHost.Terminate();
            try
            {
                await appHost.WaitForExitAsync(TimeSpan.FromSeconds(40));
            }
            catch (TimeoutException)
            {
                appHost.Kill();
            }
        }
        await appHost.DisposeAsync();
        // DCP lets its children go some seconds after AppHost; wait for them, then make sure by pid.
        var deadline = DateTime.UtcNow.AddSeconds(25);
        while (services.Values.Any(PlatformProcess.IsRunning) && DateTime.UtcNow < deadline) await Task.Delay(200);
        var left = services.Where(s => PlatformProcess.IsRunning(s.Value)).Select(s => $"{s.Key} ({s.Value})").ToList();
        foreach (var (_, pid) in services.Where(s => PlatformProcess.IsRunning(s.Value)))
        {
            try
            {
                using var p = Process.GetProcessById(pid);
                p.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
            }
        }
        return left;
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
