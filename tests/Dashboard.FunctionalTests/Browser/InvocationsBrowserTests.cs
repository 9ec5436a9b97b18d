using System.Text.Json;
using AgentPlatform.Dashboard.FunctionalTests.Support;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Dashboard.FunctionalTests.Browser;

/// <summary>
/// Real invocations: an asp-v1 client (npm ws) calls the "echo" agent that Functions serves in relay mode
/// through the Relay; the dashboard shows them live with their durations, the connection, and the plots.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public class InvocationsBrowserTests(SlowHeartbeatFixture fixture) : IClassFixture<SlowHeartbeatFixture>
{
    [Fact]
    public async Task An_invocation_shows_up_with_its_duration()
    {
        var ct = TestContext.Current.CancellationToken;
        var platform = fixture.Platform;
        await Eventually.TrueAsync(async () =>
        {
            using var doc = JsonDocument.Parse(await platform.DashboardHttp.GetStringAsync("api/agents?q=echo", ct));
            return doc.RootElement.GetProperty("total").GetInt32() > 0;
        }, TimeSpan.FromSeconds(15), "Functions registers its echo agent and the dashboard sees it");

        await using var tab = await fixture.Browser.OpenAsync(new Uri(platform.DashboardUrl, "#/invocations"));
        await tab.WaitForLiveAsync();

        // Spread over a few plot buckets so the overview has a shape to draw.
        await using var client = await InvokeWithRetryAsync(platform, invocations: 40);
        await client.WaitForLineAsync(l => l == "HOLDING", TimeSpan.FromSeconds(30));
        var done = client.Output.Split('\n').Where(l => l.StartsWith("DONE ", StringComparison.Ordinal)).ToList();
        Assert.Equal(40, done.Count);
        Assert.All(done, l => Assert.Contains(" completed ", l));
        var newest = done[^1].Split(' ')[1];

        // Newest first: the last call is the top row, completed, with the duration the Relay measured.
        var row = tab.Page.Locator($"[data-testid='invocation-rows'] .vt-row[data-key='{newest}'][data-status='completed']");
        await row.WaitForAsync(new() { Timeout = 2_000 });
        var text = await row.InnerTextAsync();
        Assert.Contains("echo", text);
        Assert.Matches(@"\d+(\.\d+)? (ms|s)", text);
        await tab.Page.Locator("#inv-count", new() { HasText = "40 recent" }).WaitForAsync(new() { Timeout = 2_000 });
        await tab.Page.Locator("[data-testid='agent-stats'] tr[data-agent='echo']").WaitForAsync(new() { Timeout = 5_000 });
        await tab.ScreenshotAsync("invocations");

        await tab.ShowAsync("connections");
        await tab.Page.Locator("[data-testid='connection-rows'] .vt-row", new() { HasText = "asp-v1" }).First.WaitForAsync(new() { Timeout = 5_000 });
        await tab.ScreenshotAsync("connections");

        await tab.ShowAsync("overview");
        await tab.Page.Locator("[data-testid='tile-connections'] .value", new() { HasText = "1" }).WaitForAsync(new() { Timeout = 5_000 });
        await tab.Page.Locator("#chart-latency .legend", new() { HasText = "p50" }).WaitForAsync();
        Assert.NotEqual("0/s", await tab.Page.Locator("[data-testid='tile-throughput'] .value").InnerTextAsync());
        await tab.Page.WaitForTimeoutAsync(1_500); // let one more plot bucket land before the picture
        var overview = await tab.ScreenshotAsync("overview");
        PublishReadmeScreenshot(overview);
        tab.AssertNoErrors();
    }

    /// <summary>The Relay learns about the echo agent from its own registry watch; the first call may race that.</summary>
    private static async Task<ChildProcess> InvokeWithRetryAsync(InProcessPlatform platform, int invocations)
    {
        for (var attempt = 1; ; attempt++)
        {
            var client = AspV1NodeClient.Start(platform.RelayUrl, "echo", invocations, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(75));
            var line = await client.WaitForLineAsync(l => l.StartsWith("DONE ", StringComparison.Ordinal) || l.StartsWith("FAIL", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
            if (line.Contains(" completed", StringComparison.Ordinal)) return client;
            await client.DisposeAsync();
            if (attempt == 5) throw new InvalidOperationException("echo never completed: " + line);
            await Task.Delay(1000);
        }
    }

    /// <summary>README's picture: written when missing, or refreshed on request (DASHBOARD_UPDATE_SCREENSHOT=1).</summary>
    private static void PublishReadmeScreenshot(string path)
    {
        var target = TestRepo.Combine("docs", "dashboard.png");
        if (!File.Exists(target) || Environment.GetEnvironmentVariable("DASHBOARD_UPDATE_SCREENSHOT") == "1")
        {
            File.Copy(path, target, overwrite: true);
        }
    }
}
