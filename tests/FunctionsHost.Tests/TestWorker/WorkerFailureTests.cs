using System.Globalization;
using System.Net;
using AgentPlatform.FunctionsHost.Tests.Support;
using AgentPlatform.FunctionsHost.Worker;
using AgentPlatform.TestSupport;

namespace AgentPlatform.FunctionsHost.Tests.TestWorker;

/// <summary>Workers that die or never connect. Each test owns its host: these kill workers.</summary>
public sealed class WorkerFailureTests
{
    [Fact]
    public async Task A_worker_that_dies_fails_the_requests_in_flight_with_503_and_is_restarted()
    {
        await using var host = await HostedFunctions.StartAsync(HostedFunctions.TestWorkerPath);
        var ct = TestContext.Current.CancellationToken;
        var before = host.Supervisor.Current;
        var firstPid = await host.Http.GetStringAsync("pid", ct);

        var inFlight = host.Http.GetAsync("hang?key=" + Guid.NewGuid().ToString("N"), ct);
        await Task.Delay(300, ct);
        Assert.Equal(int.Parse(firstPid, CultureInfo.InvariantCulture), host.Supervisor.KillWorker());

        using (var failed = await inFlight)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
            Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);
        }
        var restarted = await host.Supervisor.WaitReadyAsync(TimeSpan.FromSeconds(30), after: before);
        Assert.True(restarted.Starts > before.Starts);
        var secondPid = await host.Http.GetStringAsync("pid", ct);
        Assert.NotEqual(firstPid, secondPid);
    }

    [Fact]
    public async Task While_the_worker_is_down_requests_are_503_and_health_says_why()
    {
        // A restart delay long enough to observe the gap between the death and the next worker.
        await using var host = await HostedFunctions.StartAsync(HostedFunctions.TestWorkerPath, new Dictionary<string, string?>
        {
            ["FunctionsHost:MinRestartDelay"] = "00:00:03",
        });
        var ct = TestContext.Current.CancellationToken;
        host.Supervisor.KillWorker();
        await Eventually.TrueAsync(() => host.Supervisor.Current.Status == WorkerStatus.Down, TimeSpan.FromSeconds(10), "the death is noticed");

        using var health = await host.Http.GetAsync("health", ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("the worker exited with code", await health.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        using var request = await host.Http.GetAsync("pid", ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, request.StatusCode);

        await host.Supervisor.WaitReadyAsync(TimeSpan.FromSeconds(30));
        using var healthy = await host.Http.GetAsync("health", ct);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    [Fact]
    public async Task A_worker_that_never_connects_leaves_the_host_unhealthy_with_the_reason()
    {
        // A real assembly that is not a Functions worker (a library: dotnet refuses to run it), so nothing ever dials the host.
        var notAWorker = Path.Combine(AppContext.BaseDirectory, "AgentPlatform.TestSupport.dll");
        await using var host = await HostedFunctions.StartAsync(notAWorker, new Dictionary<string, string?>
        {
            ["FunctionsHost:StartTimeout"] = "00:00:05",
        }, waitReady: false);
        var ct = TestContext.Current.CancellationToken;
        await Eventually.TrueAsync(() => host.Supervisor.Current.Reason.Contains("before connecting", StringComparison.Ordinal)
                                         || host.Supervisor.Current.Reason.Contains("did not connect", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the failed start is reported");
        using var health = await host.Http.GetAsync("health", ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var text = await health.Content.ReadAsStringAsync(ct);
        Assert.StartsWith("Unhealthy", text, StringComparison.Ordinal);
        Assert.Contains("connect", text, StringComparison.Ordinal);
        using var alive = await host.Http.GetAsync("alive", ct);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task A_missing_worker_assembly_is_reported_by_health()
    {
        await using var host = await HostedFunctions.StartAsync(Path.Combine(Path.GetTempPath(), "no-such-worker", "App.dll"), waitReady: false);
        var ct = TestContext.Current.CancellationToken;
        await Eventually.TrueAsync(() => host.Supervisor.Current.Status == WorkerStatus.Down, TimeSpan.FromSeconds(10), "the missing worker is reported");
        using var health = await host.Http.GetAsync("health", ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("does not exist", await health.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }
}
