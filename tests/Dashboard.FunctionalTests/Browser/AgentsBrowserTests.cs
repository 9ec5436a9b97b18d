using System.Diagnostics;
using AgentPlatform.Dashboard.FunctionalTests.Support;
using Microsoft.Playwright;

namespace AgentPlatform.Dashboard.FunctionalTests.Browser;

/// <summary>The agents view in real Chromium against the real Registry (2 s heartbeat timeout).</summary>
[Collection(BrowserTestGroup.Name)]
public class AgentsBrowserTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private InProcessPlatform Platform => fixture.Platform;

    private static ILocator Row(IPage page, string key) => page.Locator($"[data-testid='agents-rows'] .vt-row[data-key='{key}']");

    [Fact]
    public async Task A_newly_registered_agent_appears_within_two_seconds_without_reload()
    {
        await using var tab = await fixture.Browser.OpenAsync(new Uri(Platform.DashboardUrl, "#/agents"));
        await tab.WaitForLiveAsync();
        await tab.Page.EvaluateAsync("() => window.__notReloaded = true");
        await tab.Page.FillAsync("#agents-filter", "fresh-agent");

        await Platform.RegisterAsync("fresh-agent", "i1", cancellationToken: TestContext.Current.CancellationToken);
        var registeredAt = Stopwatch.StartNew();
        await Row(tab.Page, "fresh-agent/i1").WaitForAsync(new() { Timeout = 2_000 });
        var elapsed = registeredAt.Elapsed;

        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"took {elapsed}");
        Assert.True(await tab.Page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page reloaded");
        Assert.Equal("healthy", await Row(tab.Page, "fresh-agent/i1").GetAttributeAsync("data-status"));
        Assert.Contains("asp-v1", await Row(tab.Page, "fresh-agent/i1").InnerTextAsync());
        await tab.ScreenshotAsync("agents-new-agent");
        tab.AssertNoErrors();
    }

    [Fact]
    public async Task An_agent_whose_heartbeats_stop_turns_stale_and_then_disappears()
    {
        await using var tab = await fixture.Browser.OpenAsync(new Uri(Platform.DashboardUrl, "#/agents"));
        await tab.WaitForLiveAsync();
        await tab.Page.FillAsync("#agents-filter", "fading-agent");

        await Platform.RegisterAsync("fading-agent", "i1", cancellationToken: TestContext.Current.CancellationToken);
        var row = Row(tab.Page, "fading-agent/i1");
        await row.WaitForAsync(new() { Timeout = 2_000 });

        // No heartbeats from here on: timeout 2 s, then removal 2 s later.
        await tab.Page.Locator("[data-testid='agents-rows'] .vt-row[data-key='fading-agent/i1'][data-status='stale']")
            .WaitForAsync(new() { Timeout = 6_000 });
        await tab.ScreenshotAsync("agents-stale");
        await row.WaitForAsync(new() { State = WaitForSelectorState.Hidden, Timeout = 8_000 });

        var history = tab.Page.Locator("#agents-history li", new() { HasText = "fading-agent/i1" });
        Assert.Equal("removed", await history.First.Locator("b").InnerTextAsync());
        Assert.Contains("expired", await history.First.InnerTextAsync());
        Assert.Equal(1, await tab.Page.Locator("#agents-history li b.k-stale", new() { HasText = "stale" }).Locator("xpath=..", new() { HasText = "fading-agent" }).CountAsync());
        tab.AssertNoErrors();
    }

    [Fact]
    public async Task A_deregistered_agent_leaves_the_list_with_its_reason()
    {
        await using var tab = await fixture.Browser.OpenAsync(new Uri(Platform.DashboardUrl, "#/agents"));
        await tab.WaitForLiveAsync();
        await tab.Page.FillAsync("#agents-filter", "leaving-agent");
        await Platform.RegisterAsync("leaving-agent", "i1", cancellationToken: TestContext.Current.CancellationToken);
        var row = Row(tab.Page, "leaving-agent/i1");
        await row.WaitForAsync(new() { Timeout = 2_000 });

        await Platform.DeregisterAsync("leaving-agent", "i1");
        await row.WaitForAsync(new() { State = WaitForSelectorState.Hidden, Timeout = 2_000 });
        Assert.Contains("deregistered", await tab.Page.Locator("#agents-history li", new() { HasText = "leaving-agent/i1" }).First.InnerTextAsync());
        tab.AssertNoErrors();
    }
}
