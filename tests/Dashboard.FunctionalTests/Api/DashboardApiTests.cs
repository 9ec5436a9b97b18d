using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AgentPlatform.Dashboard.FunctionalTests.Support;
using AgentPlatform.Dashboard.Sse;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Dashboard.FunctionalTests.Api;

/// <summary>The dashboard's HTTP surface against the real services, with a wrong admin key on purpose.</summary>
public class DashboardApiTests(DashboardApiTests.WrongAdminKeyFixture fixture) : IClassFixture<DashboardApiTests.WrongAdminKeyFixture>
{
    private HttpClient Http => fixture.Platform.DashboardHttp;

    [Theory]
    [InlineData("api/connections?limit=0")]
    [InlineData("api/connections?limit=501")]
    [InlineData("api/connections?offset=-1")]
    [InlineData("api/connections?limit=abc")]
    [InlineData("api/connections?hub=a%0Ab")]
    [InlineData("api/groups?offset=x")]
    [InlineData("api/agents?limit=100000")]
    [InlineData("api/invocations?limit=-5")]
    [InlineData("api/discovery/agents/Not..Valid")]
    public async Task Bad_queries_are_a_400_problem(string path)
    {
        using var response = await Http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_relay_refusing_the_admin_key_shows_as_unavailable_not_as_a_crash()
    {
        var ct = TestContext.Current.CancellationToken;
        using var doc = JsonDocument.Parse(await Http.GetStringAsync("api/connections", ct));
        Assert.Equal(0, doc.RootElement.GetProperty("total").GetInt32());
        Assert.Contains("401", doc.RootElement.GetProperty("unavailable").GetString());

        await Eventually.TrueAsync(async () =>
        {
            using var o = JsonDocument.Parse(await Http.GetStringAsync("api/overview", ct));
            return o.RootElement.GetProperty("overview").GetProperty("relayProblem").GetString()?.Contains("401") == true;
        }, TimeSpan.FromSeconds(5), "the overview names the refusal");

        using var health = await Http.GetAsync("health", ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Agents_are_paged_and_filtered_on_the_server()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 5; i++) await fixture.Platform.RegisterAsync("paged-agent", $"i{i}", cancellationToken: ct);
        await Eventually.TrueAsync(async () =>
        {
            using var d = JsonDocument.Parse(await Http.GetStringAsync("api/agents?q=paged-agent&offset=1&limit=2", ct));
            return d.RootElement.GetProperty("total").GetInt32() == 5 && d.RootElement.GetProperty("items").GetArrayLength() == 2;
        }, TimeSpan.FromSeconds(5), "five instances, a page of two");
        using var page = JsonDocument.Parse(await Http.GetStringAsync("api/agents?q=paged-agent&offset=1&limit=2", ct));
        Assert.Equal("i1", page.RootElement.GetProperty("items")[0].GetProperty("instanceId").GetString());
    }

    [Fact]
    public async Task The_live_stream_starts_with_a_snapshot_and_carries_changes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/live");
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(10));
        var parser = new SseParser();
        var registered = false;
        await foreach (var evt in SseStreamReader.ReadAsync(body, parser, cts.Token))
        {
            if (!registered)
            {
                Assert.Equal("snapshot", evt.Type);
                using var snapshot = JsonDocument.Parse(evt.Data);
                Assert.True(snapshot.RootElement.TryGetProperty("overview", out _));
                Assert.Equal(TimeSpan.FromSeconds(1), parser.Retry);
                await fixture.Platform.RegisterAsync("live-api-agent", "i1", cancellationToken: ct);
                registered = true;
                continue;
            }
            if (evt.Type != "agent") continue;
            using var change = JsonDocument.Parse(evt.Data);
            if (change.RootElement.GetProperty("instance").GetProperty("name").GetString() != "live-api-agent") continue;
            Assert.Equal("added", change.RootElement.GetProperty("kind").GetString());
            return;
        }
        Assert.Fail("no agent event arrived");
    }

    [Fact]
    public async Task The_ui_is_served_offline_with_a_strict_policy_and_validators()
    {
        var ct = TestContext.Current.CancellationToken;
        using var index = await Http.GetAsync("", ct);
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(' ', index.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        var html = await index.Content.ReadAsStringAsync(ct);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);

        using var again = new HttpRequestMessage(HttpMethod.Get, "js/app.js");
        using var first = await Http.SendAsync(again, ct);
        Assert.Equal("text/javascript", first.Content.Headers.ContentType?.MediaType);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "js/app.js");
        conditional.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(first.Headers.ETag!.ToString()));
        using var notModified = await Http.SendAsync(conditional, ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var missing = await Http.GetAsync("js/nope.js", ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    public sealed class WrongAdminKeyFixture : IAsyncLifetime
    {
        public InProcessPlatform Platform { get; private set; } = null!;

        public async ValueTask InitializeAsync() =>
            Platform = await InProcessPlatform.StartAsync(new Dictionary<string, string?> { ["AgentPlatform:Keys:Admin"] = "not-the-admin-key" },
                // The live-stream test registers an instance that never heartbeats: with the 2 s default of these tests it
                // could turn stale before a busy machine delivered its "added".
                new Dictionary<string, string?> { ["Registry:HeartbeatTimeout"] = "00:05:00", ["Registry:RemovalDelay"] = "00:05:00" });

        public async ValueTask DisposeAsync()
        {
            if (Platform is not null) await Platform.DisposeAsync();
        }
    }
}
