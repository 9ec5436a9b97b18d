using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.ServiceDefaults.FunctionalTests;

/// <summary>
/// Outgoing HTTP of a service with the defaults, against another real service: names resolve through
/// <c>services:NAME:http:0</c> (env <c>services__NAME__http__0</c>), transient failures of safe methods are retried,
/// timeouts and an open circuit surface as HttpClient's own exceptions, and opted-out clients get none of it.
/// </summary>
public sealed class HttpClientDefaultsTests : IAsyncLifetime
{
    private WebApplication _target = null!;
    private WebApplication _service = null!;
    private int _flakyGets;
    private int _flakyPosts;
    private int _optOutGets;

    public async ValueTask InitializeAsync()
    {
        _target = ServiceHost.BuildPlain();
        _target.MapGet("/hello", () => "hi");
        _target.MapPost("/always-503", () => Results.StatusCode(503));
        _target.MapGet("/hang", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
            return "late";
        });
        _target.MapGet("/slow-stream", async (HttpContext context) =>
        {
            await context.Response.StartAsync();
            for (var i = 0; i < 6; i++)
            {
                await context.Response.WriteAsync($"chunk{i};");
                await context.Response.Body.FlushAsync();
                await Task.Delay(250);
            }
        });
        _target.MapGet("/flaky", () => Interlocked.Increment(ref _flakyGets) < 3 ? Results.StatusCode(503) : Results.Text("recovered"));
        _target.MapPost("/flaky", () => Interlocked.Increment(ref _flakyPosts) < 3 ? Results.StatusCode(503) : Results.Text("recovered"));
        _target.MapGet("/flaky-opt-out", () => Interlocked.Increment(ref _optOutGets) < 3 ? Results.StatusCode(503) : Results.Text("recovered"));
        await _target.StartAsync();

        _service = ServiceHost.Build(Settings());
        await _service.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        await _target.DisposeAsync();
    }

    private Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["services:target:http:0"] = _target.Urls.First(),
            ["services:other:http:0"] = _target.Urls.First(),
        };
        foreach (var (key, value) in extra) settings[key] = value;
        return settings;
    }

    private HttpClient Client() => _service.Services.GetRequiredService<IHttpClientFactory>().CreateClient("test");

    [Theory]
    [InlineData("http://target/hello")]
    [InlineData("https+http://target/hello")]
    public async Task An_HttpClient_reaches_a_service_by_its_name(string url)
    {
        using var client = Client();
        Assert.Equal("hi", await client.GetStringAsync(new Uri(url), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_GET_is_retried_through_503s_after_the_platforms_short_delays()
    {
        using var client = Client();
        var started = Stopwatch.StartNew();
        using var response = await client.GetAsync(new Uri("http://target/flaky"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, _flakyGets);
        // Two retries from a 200 ms base (jittered); the library's own 2 s base would take about 6 s.
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(3), "recovered after " + started.Elapsed);
    }

    [Fact]
    public async Task A_POST_is_never_repeated()
    {
        using var client = Client();
        using var response = await client.PostAsync(new Uri("http://target/flaky"), null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, _flakyPosts);
    }

    [Fact]
    public async Task Timeouts_bound_the_wait_for_headers_not_a_streamed_body()
    {
        var app = ServiceHost.Build(Settings(
            ("AgentPlatform:HttpResilience:AttemptTimeout:Timeout", "00:00:00.4"),
            ("AgentPlatform:HttpResilience:TotalRequestTimeout:Timeout", "00:00:00.8")));
        await using (app)
        {
            using var client = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient("streaming");
            using var response = await client.GetAsync(new Uri("http://target/slow-stream"), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Equal("chunk0;chunk1;chunk2;chunk3;chunk4;chunk5;", body);
        }
    }

    [Fact]
    public async Task An_open_circuit_and_a_timeout_surface_as_the_exceptions_HttpClient_callers_handle()
    {
        var app = ServiceHost.Build(Settings(
            ("AgentPlatform:HttpResilience:CircuitBreaker:MinimumThroughput", "2"),
            ("AgentPlatform:HttpResilience:CircuitBreaker:BreakDuration", "00:00:30"),
            // Long enough for a first POST on a loaded machine to get its 503 back; far below /hang's 10 s.
            ("AgentPlatform:HttpResilience:AttemptTimeout:Timeout", "00:00:01"),
            ("AgentPlatform:HttpResilience:TotalRequestTimeout:Timeout", "00:00:02"),
            ("AgentPlatform:HttpResilience:Retry:MaxRetryAttempts", "1")));
        await using (app)
        {
            var factory = app.Services.GetRequiredService<IHttpClientFactory>();
            using var breaking = factory.CreateClient("breaking");
            for (var i = 0; i < 2; i++)
            {
                using var failed = await breaking.PostAsync(new Uri("http://target/always-503"), null, TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
            }
            var open = await Assert.ThrowsAsync<HttpRequestException>(() => breaking.PostAsync(new Uri("http://target/always-503"), null, TestContext.Current.CancellationToken));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, open.StatusCode);
            Assert.Contains("circuit open", open.Message, StringComparison.Ordinal);

            // The breaker is per destination: the same server under another service name is still called.
            using var slow = factory.CreateClient("slow");
            var started = Stopwatch.StartNew();
            var timedOut = await Assert.ThrowsAsync<TaskCanceledException>(() => slow.GetAsync(new Uri("http://other/hang"), TestContext.Current.CancellationToken));
            Assert.IsType<TimeoutException>(timedOut.InnerException);
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), "gave up after " + started.Elapsed);
        }
    }

    [Fact]
    public async Task A_client_that_opts_out_is_neither_retried_nor_timed_out_and_still_resolves_names()
    {
        var app = ServiceHost.Build(Settings(
            ("AgentPlatform:HttpResilience:Retry:Delay", "00:00:00.050"),
            ("AgentPlatform:HttpResilience:AttemptTimeout:Timeout", "00:00:00.2"),
            ("AgentPlatform:HttpResilience:TotalRequestTimeout:Timeout", "00:00:00.3")),
            // The same call the Relay makes for its streaming clients (relay-mode invocations, Web PubSub upstream).
#pragma warning disable EXTEXP0001 // [Experimental] in Microsoft.Extensions.Http.Resilience 10.11; the library's opt-out.
            b => b.Services.AddHttpClient("own-deadline").RemoveAllResilienceHandlers());
#pragma warning restore EXTEXP0001
        await using (app)
        {
            var factory = app.Services.GetRequiredService<IHttpClientFactory>();
            using var own = factory.CreateClient("own-deadline");
            using var cut = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            // /hang answers after 10 s: the 0.2 s attempt timeout must not fire, only the caller's own 1 s deadline.
            var started = Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => own.GetAsync(new Uri("http://target/hang"), cut.Token));
            Assert.True(started.ElapsedMilliseconds >= 900, "cancelled after " + started.ElapsedMilliseconds + " ms");
            Assert.Equal("hi", await own.GetStringAsync(new Uri("http://target/hello"), TestContext.Current.CancellationToken));
            using (var once = await own.GetAsync(new Uri("http://target/flaky-opt-out"), TestContext.Current.CancellationToken))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, once.StatusCode);
            }
            Assert.Equal(1, _optOutGets);

            using var standard = factory.CreateClient("standard");
            await Assert.ThrowsAsync<TaskCanceledException>(() => standard.GetAsync(new Uri("http://target/hang"), TestContext.Current.CancellationToken));
        }
    }
}
