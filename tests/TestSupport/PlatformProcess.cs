using System.Globalization;

namespace AgentPlatform.TestSupport;

/// <summary>
/// The whole composition for end-to-end tests: runs the built AppHost (<c>dotnet AgentPlatform.AppHost.dll</c>,
/// nothing is built here) with a temp data dir and free ports, waits until every service is healthy
/// (endpoints.json written) and exposes <see cref="Endpoints"/>. Dispose sends Ctrl+C, waits, kills by pid
/// if it must, and checks that none of the recorded service processes is left. If the test process itself
/// dies, AppHost notices (AGENTPLATFORM_SUPERVISOR_PID) and stops everything.
/// Test projects using it should reference AppHost so it is built beside them:
/// <c>&lt;ProjectReference Include="../../AppHost/AppHost.csproj" ReferenceOutputAssembly="false" /&gt;</c>.
/// </summary>
public sealed class PlatformProcess : IAsyncDisposable
{
    public const string AppHostDllVariable = "AGENTPLATFORM_APPHOST_DLL";
    private const string AppHostDllName = "AgentPlatform.AppHost.dll";

    private readonly bool _ownsDataDir;
    private readonly HashSet<int> _seenPids = [];
    private bool _disposed;

    private PlatformProcess(ChildProcess process, string dataDir, bool ownsDataDir, PlatformEndpoints endpoints)
    {
        Process = process;
        DataDir = dataDir;
        _ownsDataDir = ownsDataDir;
        Endpoints = endpoints;
        Remember(endpoints);
    }

    /// <summary>The AppHost process (signal it, wait for it, read what it printed).</summary>
    public ChildProcess Process { get; }

    public int ProcessId => Process.Id;

    public string DataDir { get; }

    public string EndpointsPath => Path.Combine(DataDir, "endpoints.json");

    /// <summary>As read when the composition became healthy; <see cref="ReloadEndpoints"/> after a restart.</summary>
    public PlatformEndpoints Endpoints { get; private set; }

    /// <summary>Everything AppHost and the services printed (each service line prefixed by its name).</summary>
    public string Output => Process.Output;

    /// <summary>Every service process id seen in endpoints.json so far (restarts add new ones).</summary>
    public IReadOnlyCollection<int> ServiceProcessIds => _seenPids;

    public static Task<PlatformProcess> StartAsync(PlatformOptions? options = null) => StartAsync(options, []);

    /// <summary>Starts AppHost with extra command-line arguments (tests of AppHost's own options).</summary>
    public static async Task<PlatformProcess> StartAsync(PlatformOptions? options, IReadOnlyList<string> extraArgs)
    {
        ArgumentNullException.ThrowIfNull(extraArgs);
        options ??= new PlatformOptions();
        var ownsDataDir = options.DataDir is null;
        var dataDir = options.DataDir ?? Path.Combine(Path.GetTempPath(), "agentplatform-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDir);
        ChildProcess child;
        try
        {
            child = Launch(options, dataDir, extraArgs);
        }
        catch
        {
            if (ownsDataDir) TryDelete(dataDir);
            throw;
        }
        var endpointsPath = Path.Combine(dataDir, "endpoints.json");
        var deadline = DateTime.UtcNow + options.StartTimeout;
        while (true)
        {
            if (PlatformEndpoints.TryLoad(endpointsPath, out var endpoints) && endpoints!.ProcessIds.GetValueOrDefault("apphost") == child.Id)
            {
                return new PlatformProcess(child, dataDir, ownsDataDir, endpoints);
            }
            if (child.HasExited)
            {
                await Task.Delay(100).ConfigureAwait(false);
                var output = child.Output;
                var code = child.ExitCode;
                await child.DisposeAsync().ConfigureAwait(false);
                if (ownsDataDir) TryDelete(dataDir);
                throw new PlatformStartException(code, output);
            }
            if (DateTime.UtcNow > deadline)
            {
                var output = child.Tail(80);
                await StopChildAsync(child).ConfigureAwait(false);
                if (ownsDataDir) TryDelete(dataDir);
                throw new TimeoutException($"AppHost was not healthy within {options.StartTimeout}. Output:\n{output}");
            }
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    /// <summary>Starts AppHost and returns the bare process without waiting for health (for start-up failure tests).</summary>
    public static ChildProcess Launch(PlatformOptions options, string dataDir, IReadOnlyList<string> extraArgs)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(extraArgs);
        List<string> args = [LocateAppHost(), "--data-dir", dataDir];
        args.AddRange(["--port-base", options.PortBase?.ToString(CultureInfo.InvariantCulture) ?? "0"]);
        if (options.Redis is not null) args.AddRange(["--redis", options.Redis]);
        foreach (var (name, count) in options.Replicas) args.AddRange(["--replicas", $"{name}={count.ToString(CultureInfo.InvariantCulture)}"]);
        args.AddRange(extraArgs);
        var env = new Dictionary<string, string?>(options.Environment, StringComparer.Ordinal)
        {
            ["AGENTPLATFORM_SUPERVISOR_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        };
        // AppHost finds everything from its own build; the working directory does not matter to it.
        return ChildProcess.Start(DotnetHost(), args, Path.GetDirectoryName(args[0]), env);
    }

    /// <summary>Re-reads endpoints.json (AppHost rewrites it when a restarted service is healthy again).</summary>
    public PlatformEndpoints ReloadEndpoints()
    {
        Endpoints = PlatformEndpoints.Load(EndpointsPath);
        Remember(Endpoints);
        return Endpoints;
    }

    /// <summary>Ctrl+C (SIGINT) to AppHost, then waits for its exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        TryReloadEndpoints();
        Process.Interrupt();
        return await Process.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    /// <summary>Service processes recorded so far that still run (empty after a clean stop).</summary>
    public IReadOnlyList<int> RunningServiceProcesses() => [.. _seenPids.Where(IsRunning)];

    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var state = stat[(stat.LastIndexOf(')') + 1)..].TrimStart();
            return state.Length > 0 && state[0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    public static string LocateAppHost()
    {
        var overridden = Environment.GetEnvironmentVariable(AppHostDllVariable);
        if (!string.IsNullOrEmpty(overridden))
        {
            return File.Exists(overridden) ? overridden : throw new FileNotFoundException($"{AppHostDllVariable} points to a missing file", overridden);
        }
        // Artifacts layout: <artifacts>/bin/<Project>/<pivot>/; AppHost sits at <artifacts>/bin/AppHost/<pivot>/.
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var bin = here.Parent?.Parent;
        var candidates = new List<string>();
        if (bin is not null)
        {
            candidates.Add(Path.Combine(bin.FullName, "AppHost", here.Name, AppHostDllName));
            var appHostBin = Path.Combine(bin.FullName, "AppHost");
            if (Directory.Exists(appHostBin))
            {
                candidates.AddRange(Directory.GetFiles(appHostBin, AppHostDllName, SearchOption.AllDirectories)
                    .OrderByDescending(File.GetLastWriteTimeUtc));
            }
        }
        try
        {
            candidates.Add(RepoPaths.Combine("artifacts", "bin", "AppHost", "debug", AppHostDllName));
        }
        catch (InvalidOperationException)
        {
            // Artifacts outside the repository (-p:ArtifactsPath=...): the layout above is the only place.
        }
        foreach (var c in candidates)
        {
            if (File.Exists(c) && File.Exists(Path.ChangeExtension(c, ".runtimeconfig.json"))) return c;
        }
        throw new FileNotFoundException(
            "AppHost is not built beside the tests. Reference it from the test project " +
            "(<ProjectReference Include=\"../../AppHost/AppHost.csproj\" ReferenceOutputAssembly=\"false\" />) " +
            $"or run ./test.sh. Looked in: {string.Join(", ", candidates)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        TryReloadEndpoints();
        await StopChildAsync(Process).ConfigureAwait(false);
        // Services stop on AppHost's SIGTERM, or on their own once AppHost is gone; give them a moment, then make sure.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (RunningServiceProcesses().Count > 0 && DateTime.UtcNow < deadline) await Task.Delay(100).ConfigureAwait(false);
        foreach (var pid in RunningServiceProcesses())
        {
            try
            {
                using var p = System.Diagnostics.Process.GetProcessById(pid);
                p.Kill();
            }
            catch (ArgumentException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }
        if (_ownsDataDir) TryDelete(DataDir);
    }

    private static async Task StopChildAsync(ChildProcess child)
    {
        if (!child.HasExited)
        {
            child.Interrupt();
            try
            {
                await child.WaitForExitAsync(TimeSpan.FromSeconds(25)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                child.Kill();
            }
        }
        await child.DisposeAsync().ConfigureAwait(false);
    }

    private void TryReloadEndpoints()
    {
        if (PlatformEndpoints.TryLoad(EndpointsPath, out var e) && e is not null)
        {
            Endpoints = e;
            Remember(e);
        }
    }

    private void Remember(PlatformEndpoints endpoints)
    {
        foreach (var (name, pid) in endpoints.ProcessIds)
        {
            if (name != "apphost") _seenPids.Add(pid);
        }
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
