using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AgentPlatform.FunctionsHost.Tests.Support;
using AgentPlatform.TestSupport;

namespace AgentPlatform.FunctionsHost.Tests.TestWorker;

/// <summary>The host against a real isolated worker whose functions fail, hang, pace or echo on purpose.</summary>
public sealed class HostBehaviourTests(TestWorkerHost fixture) : IClassFixture<TestWorkerHost>
{
    private HttpClient Http => fixture.Host.Http;

    [Fact]
    public async Task An_unknown_route_is_404_with_a_problem_body()
    {
        using var response = await Http.GetAsync("no/such/function", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_method_the_trigger_does_not_allow_is_404()
    {
        using var response = await Http.DeleteAsync("pid", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_function_that_throws_is_500_with_a_problem_body_and_the_host_keeps_serving()
    {
        using (var response = await Http.GetAsync("throws", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal(500, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Contains("throws", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        using var after = await Http.GetAsync("pid", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task A_client_that_aborts_fires_the_functions_cancellation_tokens()
    {
        var key = Guid.NewGuid().ToString("N");
        using (var abort = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
        {
            var call = Http.GetAsync("hang?key=" + key, HttpCompletionOption.ResponseHeadersRead, abort.Token);
            await Task.Delay(500, TestContext.Current.CancellationToken);
            Assert.False(call.IsCompleted);
            await abort.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        }
        // Both tokens the function can hold fire: the HTTP request's (the host aborted the forwarded request) and the
        // FunctionContext's (the host sent InvocationCancel).
        await Eventually.TrueAsync(async () =>
            await Http.GetStringAsync("cancelled/" + key, TestContext.Current.CancellationToken) == "function,request",
            TimeSpan.FromSeconds(10), "the hang function should see both cancellations");
    }

    [Fact]
    public async Task Chunks_written_100_ms_apart_arrive_about_100_ms_apart()
    {
        using var response = await Http.GetAsync("ticks?n=6&ms=100", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        var clock = Stopwatch.StartNew();
        var arrivals = new List<double>();
        while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            Assert.StartsWith("tick", line, StringComparison.Ordinal);
            arrivals.Add(clock.Elapsed.TotalMilliseconds);
        }
        Assert.Equal(6, arrivals.Count);
        Pacing.AssertPaced(arrivals, 100);
    }

    [Fact]
    public async Task A_1_MiB_body_round_trips_byte_for_byte()
    {
        var body = new byte[1 << 20];
        new Random(11).NextBytes(body);
        using var content = new ByteArrayContent(body);
        using var response = await Http.PostAsync("echo", content, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        Assert.Equal(body, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_worker_gets_app_settings_and_not_the_hosts_listening_address()
    {
        Assert.Equal("probe-connection", await Http.GetStringAsync("setting/ConnectionStrings__probe", TestContext.Current.CancellationToken));
        Assert.Equal("from-app-settings", await Http.GetStringAsync("setting/Probe__Setting", TestContext.Current.CancellationToken));
        Assert.Equal("dotnet-isolated", await Http.GetStringAsync("setting/FUNCTIONS_WORKER_RUNTIME", TestContext.Current.CancellationToken));
        Assert.Equal("(unset)", await Http.GetStringAsync("setting/ASPNETCORE_URLS", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Health_reports_the_ready_worker_and_its_functions()
    {
        using var response = await Http.GetAsync("health", TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ready with 7 HTTP functions", text, StringComparison.Ordinal);
        using var alive = await Http.GetAsync("alive", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }
}
