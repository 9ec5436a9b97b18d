using System.Globalization;
using System.Net;
using AgentPlatform.ServiceDefaults;
using AgentPlatform.ServiceDefaults.Resilience;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.AppHost.Tests.ServiceDefaults;

/// <summary>ServiceDefaults in a real service on a real Kestrel port, calling another real service.</summary>
public sealed class ServiceDefaultsHostTests : IAsyncLifetime
{
    private WebApplication _target = null!;
    private WebApplication _service = null!;
    private int _flakyGets;
    private int _flakyPosts;

    public async ValueTask InitializeAsync()
    {
        var t = WebApplication.CreateSlimBuilder();
        t.Logging.ClearProviders();
        t.WebHost.UseUrls("http://127.0.0.1:0");
        _target = t.Build();
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
        await _target.StartAsync();

        _service = BuildService(new Dictionary<string, string?> { ["services:target:http:0"] = _target.Urls.First() });
        _service.MapGet("/throw", string () => throw new InvalidOperationException("boom"));
        await _service.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        await _target.DisposeAsync();
    }

    private static WebApplication BuildService(Dictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var b = WebApplication.CreateBuilder();
        b.Logging.ClearProviders();
        b.WebHost.UseUrls("http://127.0.0.1:0");
        b.Configuration.AddInMemoryCollection(settings);
        b.AddServiceDefaults();
        configure?.Invoke(b);
        var app = b.Build();
        app.MapDefaultEndpoints();
        return app;
    }

    private HttpClient Client() => _service.Services.GetRequiredService<IHttpClientFactory>().CreateClient("test");

    private Uri Own(string path) => new(new Uri(_service.Urls.First()), path);

    [Theory]
    [InlineData("http://target/hello")]
    [InlineData("https+http://target/hello")]
    public async Task An_HttpClient_reaches_a_service_by_its_name(string url)
    {
        using var client = Client();
        Assert.Equal("hi", await client.GetStringAsync(new Uri(url), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Idempotent_requests_are_retried_through_transient_failures()
    {
        using var client = Client();
        using var response = await client.GetAsync(new Uri("http://target/flaky"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, _flakyGets);
    }

    [Fact]
    public async Task Timeouts_bound_the_wait_for_headers_not_a_streamed_body()
    {
        var app = BuildService(new Dictionary<string, string?>
        {
            ["services:target:http:0"] = _target.Urls.First(),
            ["AgentPlatform:HttpResilience:AttemptTimeout"] = "00:00:00.4",
            ["AgentPlatform:HttpResilience:TotalTimeout"] = "00:00:00.8",
        });
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
        var app = BuildService(new Dictionary<string, string?>
        {
            ["services:target:http:0"] = _target.Urls.First(),
            ["AgentPlatform:HttpResilience:BreakerMinimumThroughput"] = "2",
            ["AgentPlatform:HttpResilience:BreakerDuration"] = "00:00:30",
            ["AgentPlatform:HttpResilience:AttemptTimeout"] = "00:00:00.3",
            ["AgentPlatform:HttpResilience:TotalTimeout"] = "00:00:00.5",
            ["AgentPlatform:HttpResilience:MaxRetryAttempts"] = "1",
        });
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

            using var slow = factory.CreateClient("slow");
            var timedOut = await Assert.ThrowsAsync<TaskCanceledException>(() => slow.GetAsync(new Uri("http://target/hang"), TestContext.Current.CancellationToken));
            Assert.IsType<TimeoutException>(timedOut.InnerException);
        }
    }

    [Fact]
    public async Task A_client_kept_out_of_the_standard_pipeline_waits_past_its_timeouts_and_still_resolves_names()
    {
        var app = BuildService(new Dictionary<string, string?>
        {
            ["services:target:http:0"] = _target.Urls.First(),
            ["AgentPlatform:HttpResilience:AttemptTimeout"] = "00:00:00.2",
            ["AgentPlatform:HttpResilience:TotalTimeout"] = "00:00:00.3",
        }, b => b.Services.AddHttpClient("own-deadline").WithoutStandardResilience());
        await using (app)
        {
            var factory = app.Services.GetRequiredService<IHttpClientFactory>();
            using var own = factory.CreateClient("own-deadline");
            using var cut = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            // /hang answers after 10 s: the 0.2 s attempt timeout must not fire, only the caller's own 1 s deadline.
            var started = System.Diagnostics.Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => own.GetAsync(new Uri("http://target/hang"), cut.Token));
            Assert.True(started.ElapsedMilliseconds >= 900, "cancelled after " + started.ElapsedMilliseconds + " ms");
            Assert.Equal("hi", await own.GetStringAsync(new Uri("http://target/hello"), TestContext.Current.CancellationToken));

            using var standard = factory.CreateClient("standard");
            await Assert.ThrowsAsync<TaskCanceledException>(() => standard.GetAsync(new Uri("http://target/hang"), TestContext.Current.CancellationToken));
        }
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
    public async Task Health_and_alive_answer()
    {
        using var http = new HttpClient();
        Assert.Equal("Healthy", await http.GetStringAsync(Own("/health"), TestContext.Current.CancellationToken));
        Assert.Equal("Healthy", await http.GetStringAsync(Own("/alive"), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("/throw", 500)]
    [InlineData("/no-such-thing", 404)]
    public async Task Errors_are_problem_details(string path, int status)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(Own(path), TestContext.Current.CancellationToken);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains($"\"status\":{status}", body, StringComparison.Ordinal);
        Assert.DoesNotContain("boom", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_stops_by_itself_when_its_supervisor_is_gone()
    {
        // Our own pid is alive but is not the parent of this process: exactly what a dead AppHost looks like after re-parenting.
        var app = BuildService(new Dictionary<string, string?> { ["AGENTPLATFORM_PARENT_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture) });
        await using (app)
        {
            var run = app.RunAsync();
            var done = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
            Assert.Same(run, done);
        }
    }
}
