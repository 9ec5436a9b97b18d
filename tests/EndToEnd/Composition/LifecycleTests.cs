using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using AgentPlatform.TestSupport;

namespace AgentPlatform.EndToEnd.Composition;

/// <summary>Each test owns its composition: these stop, kill or break it.</summary>
public sealed class LifecycleTests
{
    private static readonly string[] ServiceNames = ["registry", "functions", "relay", "dashboard"];

    [Fact]
    public async Task Environment_reaches_every_service_and_Ctrl_C_stops_them_all_and_exits_0()
    {
        // Any variable set for AppHost reaches every service process (DCP hands AppHost's environment on), and
        // --console-logs prints the services' logs on AppHost's console, each line prefixed by its name.
        var mark = Guid.NewGuid().ToString("N");
        var options = new PlatformOptions();
        options.Environment["AgentPlatform__E2E__Mark"] = mark;
        await using var platform = await PlatformProcess.StartAsync(options, ["--console-logs"]);
        var pids = platform.Endpoints.ProcessIds.Where(p => p.Key != "apphost").ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(ServiceNames.Order(), pids.Keys.Order());
        foreach (var (name, pid) in pids)
        {
            var environment = File.ReadAllText($"/proc/{pid}/environ").Split('\0');
            Assert.Contains($"AgentPlatform__E2E__Mark={mark}", environment);
            await Eventually.TrueAsync(() => Regex.IsMatch(platform.Output, $"(?m)^{name} +\\| .*Now listening on: http://127\\.0\\.0\\.1:"),
                TimeSpan.FromSeconds(10), $"{name}'s log is on AppHost's console");
        }

        var code = await platform.StopAsync(TimeSpan.FromSeconds(40));

        Assert.Equal(0, code);
        await Eventually.TrueAsync(() => !pids.Values.Any(PlatformProcess.IsRunning), TimeSpan.FromSeconds(20), "every service stopped with AppHost");
    }

    [Fact]
    public async Task Replicas_run_behind_one_port_and_no_service_outlives_an_AppHost_killed_with_SIGKILL()
    {
        var options = new PlatformOptions();
        options.Replicas["relay"] = 2;
        await using var platform = await PlatformProcess.StartAsync(options);
        var pids = platform.Endpoints.ProcessIds.Where(p => p.Key != "apphost").Select(p => p.Value).ToList();
        Assert.Equal(["dashboard", "functions", "registry", "relay", "relay-2"], platform.Endpoints.ProcessIds.Keys.Where(k => k != "apphost").Order());
        Assert.Equal(5, pids.Distinct().Count());
        using (var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero }))
        {
            // Aspire's proxy spreads connections over both replicas; each answers.
            for (var i = 0; i < 4; i++)
            {
                using var health = await http.GetAsync(new Uri(platform.Endpoints.Relay, "/health"), TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }
        }

        platform.Process.Kill();

        // DCP watches AppHost's process and stops everything it started when AppHost is gone.
        await Eventually.TrueAsync(() => !pids.Any(PlatformProcess.IsRunning), TimeSpan.FromSeconds(45),
            "every service stops once AppHost is gone");
    }

    [Fact]
    public async Task A_service_that_cannot_start_makes_AppHost_exit_non_zero_naming_it()
    {
        // The registry's port is taken, so Kestrel cannot bind: a real start-up failure.
        var (listener, portBase) = OccupyPortWithFreeNeighbours();
        using var _ = listener;
        var dataDir = Path.Combine(Path.GetTempPath(), "agentplatform-fail-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var child = PlatformProcess.Launch(new PlatformOptions { PortBase = portBase }, dataDir, []);
            var code = await child.WaitForExitAsync(TimeSpan.FromSeconds(90));
            await Task.Delay(100, TestContext.Current.CancellationToken);

            Assert.True(code == 1, child.Output);
            var output = child.Output;
            Assert.Contains("AppHost gives up: registry exited with code", output, StringComparison.Ordinal);
            // It quotes what the service printed (Kestrel's bind error).
            Assert.Matches("(?i)  > .*address already in use", output);
            Assert.False(File.Exists(Path.Combine(dataDir, "endpoints.json")));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Bad_arguments_exit_2_with_usage()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "agentplatform-args-" + Guid.NewGuid().ToString("N")[..8]);
        await using var child = PlatformProcess.Launch(new PlatformOptions(), dataDir, ["--port-base", "80"]);
        var code = await child.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.Equal(2, code);
        Assert.Contains("Usage: dotnet run --project AppHost", child.Output, StringComparison.Ordinal);
        Assert.Contains("--port-base must be 0", child.Output, StringComparison.Ordinal);
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
    }

    private static (TcpListener Listener, int Port) OccupyPortWithFreeNeighbours()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (port + 3 < 65536 && Enumerable.Range(port + 1, 3).All(IsFree)) return (listener, port);
            listener.Dispose();
        }
        throw new InvalidOperationException("no free block of four ports");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
