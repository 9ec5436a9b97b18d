using System.Globalization;
using System.Text;
using System.Text.Json;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Dashboard.FunctionalTests.Api;

/// <summary>
/// A peer that speaks broken SSE and broken JSON: the dashboard skips what it cannot read, keeps what it can,
/// reconnects after an oversized event, and stays up.
/// </summary>
public class HostileSourceTests
{
    private const string Valid = "{\"name\":\"good-agent\",\"instanceId\":\"i1\",\"endpoint\":\"wss://a.example/ws\",\"protocol\":\"asp-v1\",\"mode\":\"direct\",\"status\":\"healthy\"}";

    [Fact]
    public async Task Malformed_watch_events_are_skipped_and_the_valid_ones_kept()
    {
        var ct = TestContext.Current.CancellationToken;
        var connections = 0;
        var hostileUrl = $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var hostile = builder.Build();
        hostile.Urls.Add(hostileUrl);
        hostile.MapGet("/v1/watch", async (HttpContext http) =>
        {
            http.Response.ContentType = "text/event-stream";
            var n = Interlocked.Increment(ref connections);
            var sb = new StringBuilder("retry: 10\n\n");
            sb.Append("event: added\ndata: {not json\n\n");
            sb.Append("event: added\ndata: [1,2,3]\n\n");
            sb.Append("event: added\ndata: {\"name\":5}\n\n");
            sb.Append("event: added\ndata: {\"name\":\"x\"}\n\n");
            sb.Append("event: snapshot\ndata: \"nope\"\n\n");
            sb.Append("event: removed\ndata: null\n\n");
            sb.Append("id: \0\nevent: unheard-of\ndata: {}\n\n");
            sb.Append("event: added\ndata: ").Append(Valid).Append("\n\n");
            await http.Response.WriteAsync(sb.ToString(), http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
            if (n == 1)
            {
                // Then an event larger than the reader's 1 MiB cap: the dashboard must drop the stream and come back.
                await http.Response.WriteAsync("data: " + new string('x', 1_200_000), http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
            }
            await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        hostile.MapGet("/v1/agents", () => Results.Text("{\"agents\":\"garbage\"}", "application/json"));
        hostile.MapGet("/health", () => Results.Text("Healthy"));
        await hostile.StartAsync(ct);

        var dashboardUrl = $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";
        await using var dashboard = DashboardApplication.Build([], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["services:registry:http:0"] = hostileUrl,
                ["Dashboard:HeartbeatRefresh"] = "00:00:00.200",
            });
            b.Logging.SetMinimumLevel(LogLevel.Critical);
        });
        dashboard.Urls.Add(dashboardUrl);
        await dashboard.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = new Uri(dashboardUrl) };

        await Eventually.TrueAsync(() => Volatile.Read(ref connections) >= 2, TimeSpan.FromSeconds(10), "the dashboard reconnects after the oversized event");
        await Eventually.TrueAsync(async () =>
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync("api/agents", ct));
            return doc.RootElement.GetProperty("total").GetInt32() == 1
                && doc.RootElement.GetProperty("items")[0].GetProperty("name").GetString() == "good-agent";
        }, TimeSpan.FromSeconds(5), "only the valid agent is listed");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("health", ct)).StatusCode);
        await dashboard.StopAsync(ct);
        await hostile.StopAsync(ct);
    }
}
