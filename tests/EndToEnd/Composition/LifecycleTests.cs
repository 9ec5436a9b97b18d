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
    public async Task Environment_reaches_every_service_and_Ctrl_C_stops_each_once_and_exits_0()
    {
        // Any variable set for AppHost reaches every service: here it switches their console logs to JSON.
        var options = new PlatformOptions();
        options.Environment["Logging__Console__FormatterName"] = "json";
        await using var platform = await PlatformProcess.StartAsync(options);
        foreach (var name in ServiceNames)
        {
            Assert.Matches($"(?m)^{name} +\\| \\{{\"EventId\":\\d+,\"LogLevel\":\"Information\"", platform.Output);
        }
        var pids = platform.Endpoints.ProcessIds.Where(p => p.Key != "apphost").Select(p => p.Value).ToList();
        Assert.Equal(4, pids.Count);

        var code = await platform.StopAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, code);
        Assert.DoesNotContain(pids, PlatformProcess.IsRunning);
        var output = platform.Output;
        Assert.Contains("all services stopped", output, StringComparison.Ordinal);
        foreach (var name in ServiceNames)
        {
            // Exactly once: the services run in their own sessions, so only AppHost's SIGTERM reaches them.
            var stops = Regex.Count(output, $"(?m)^{name} +\\|.*Application is shutting down");
            Assert.True(stops == 1, $"{name} logged its shutdown {stops} times");
        }
    }

    [Fact]
    public async Task Replicas_run_side_by_side_and_no_service_outlives_an_AppHost_killed_with_SIGKILL()
    {
        var options = new PlatformOptions();
        options.Replicas["relay"] = 2;
        await using var platform = await PlatformProcess.StartAsync(options);
        var pids = platform.Endpoints.ProcessIds.Where(p => p.Key != "apphost").Select(p => p.Value).ToList();
        Assert.Equal(["dashboard", "functions", "registry", "relay", "relay-2"], platform.Endpoints.ProcessIds.Keys.Where(k => k != "apphost").Order());
        var relays = platform.Endpoints.Replicas["relay"];
        Assert.Equal(2, relays.Distinct().Count());
        Assert.Equal(platform.Endpoints.Relay, relays[0]);
        using (var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }))
        {
            foreach (var relay in relays)
            {
                using var health = await http.GetAsync(new Uri(relay, "/health"), TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }
        }

        platform.Process.Kill();

        await Eventually.TrueAsync(() => !pids.Any(PlatformProcess.IsRunning), TimeSpan.FromSeconds(10),
            "every service notices its supervisor is gone and stops");
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
            var code = await child.WaitForExitAsync(TimeSpan.FromSeconds(60));
            await Task.Delay(100, TestContext.Current.CancellationToken);

            Assert.Equal(1, code);
            var output = child.Output;
            Assert.Contains("registry exited with code", output, StringComparison.Ordinal);
            Assert.Contains("AppHost gives up: registry could not run", output, StringComparison.Ordinal);
            // It quotes what the service printed (Kestrel's bind error).
            Assert.Matches("(?i)  > .*address already in use", output);
            Assert.False(File.Exists(Path.Combine(dataDir, "endpoints.json")));
            // Nothing after the registry was started.
            Assert.DoesNotContain("functions | ", output, StringComparison.Ordinal);
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
