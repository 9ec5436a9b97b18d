using System.Diagnostics;
using AgentPlatform.Dashboard.FunctionalTests.Support;

namespace AgentPlatform.Dashboard.FunctionalTests.Browser;

/// <summary>Thousands of real asp-v1 connections on the Relay: the dashboard pages them, never lists them whole.</summary>
[Collection(BrowserTestGroup.Name)]
public class ConnectionsBrowserTests(SlowHeartbeatFixture fixture) : IClassFixture<SlowHeartbeatFixture>
{
    private const int Connections = 10_000;

    [Fact]
    public async Task Thousands_of_connections_are_paged_and_scroll_smoothly()
    {
        await using var clients = AspV1NodeClient.OpenMany(fixture.Platform.RelayUrl, Connections, TimeSpan.FromSeconds(60));
        var ready = await clients.WaitForLineAsync(l => l.StartsWith("READY ", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        Assert.Equal($"READY {Connections} FAILED 0", ready);

        await using var tab = await fixture.Browser.OpenAsync(new Uri(fixture.Platform.DashboardUrl, "#/connections"));
        await tab.WaitForLiveAsync();
        await tab.Page.Locator("#conn-count", new() { HasText = "10,000 connections" }).WaitForAsync(new() { Timeout = 5_000 });
        var rendered = await tab.Page.Locator("[data-testid='connection-rows'] .vt-row:not([hidden])").CountAsync();
        Assert.InRange(rendered, 5, 80);

        // The end of the list is fetched as one page when scrolled to, not before.
        var scrolling = Stopwatch.StartNew();
        await tab.Page.Locator("[data-testid='connection-rows']").EvaluateAsync("b => b.scrollTop = b.scrollHeight");
        await tab.Page.WaitForFunctionAsync(
            "() => { const rows = [...document.querySelectorAll(\"[data-testid='connection-rows'] .vt-row:not([hidden])\")]; return rows.length > 0 && rows.every(r => r.dataset.key); }",
            null, new() { Timeout = 3_000 });
        Assert.True(scrolling.Elapsed < TimeSpan.FromSeconds(2), $"the last page took {scrolling.Elapsed}");
        Assert.Contains("asp-v1", await tab.Page.Locator("[data-testid='connection-rows'] .vt-row:not([hidden])").Last.InnerTextAsync());
        await tab.ScreenshotAsync("connections-10000");

        await tab.ShowAsync("overview");
        await tab.Page.Locator("[data-testid='tile-connections'] .value", new() { HasText = "10,000" }).WaitForAsync(new() { Timeout = 5_000 });
        tab.AssertNoErrors();
    }
}
