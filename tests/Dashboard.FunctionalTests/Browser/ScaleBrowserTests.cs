using System.Diagnostics;
using AgentPlatform.Dashboard.FunctionalTests.Support;

namespace AgentPlatform.Dashboard.FunctionalTests.Browser;

/// <summary>1,000 registered agents: the list stays virtualised, filtering and scrolling stay quick.</summary>
[Collection(BrowserTestGroup.Name)]
public class ScaleBrowserTests(SlowHeartbeatFixture fixture) : IClassFixture<SlowHeartbeatFixture>
{
    private const int Agents = 1000;

    [Fact]
    public async Task A_thousand_agents_stay_smooth()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var tab = await fixture.Browser.OpenAsync(new Uri(fixture.Platform.DashboardUrl, "#/agents"));
        await tab.WaitForLiveAsync();

        // Registered while the page watches: 1,000 live events, coalesced per animation frame.
        await Parallel.ForEachAsync(Enumerable.Range(0, Agents), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (i, token) => await fixture.Platform.RegisterAsync($"bulk-{i:D4}", "i1", cancellationToken: token));
        // Functions registers its own agents too: count the bulk ones through the filter.
        await tab.Page.FillAsync("#agents-filter", "bulk-");
        await tab.Page.Locator("#agents-count", new() { HasText = "1,000 shown" }).WaitForAsync(new() { Timeout = 10_000 });

        var rendered = await tab.Page.Locator("[data-testid='agents-rows'] .vt-row:not([hidden])").CountAsync();
        Assert.InRange(rendered, 10, 80);

        var filtering = Stopwatch.StartNew();
        await tab.Page.FillAsync("#agents-filter", "bulk-09");
        await tab.Page.Locator("#agents-count", new() { HasText = "100 shown" }).WaitForAsync(new() { Timeout = 2_000 });
        Assert.True(filtering.Elapsed < TimeSpan.FromSeconds(1), $"filtering took {filtering.Elapsed}");

        await tab.Page.FillAsync("#agents-filter", "bulk-");
        var scrolling = Stopwatch.StartNew();
        await tab.Page.Locator("[data-testid='agents-rows']").EvaluateAsync("b => b.scrollTop = b.scrollHeight");
        await tab.Page.Locator("[data-testid='agents-rows'] .vt-row[data-key='bulk-0999/i1']").WaitForAsync(new() { Timeout = 2_000 });
        Assert.True(scrolling.Elapsed < TimeSpan.FromSeconds(1), $"scrolling to the end took {scrolling.Elapsed}");
        await tab.ScreenshotAsync("agents-1000");

        // A fresh page with 1,000 agents already registered draws from the snapshot quickly.
        await using var fresh = await fixture.Browser.OpenAsync(new Uri(fixture.Platform.DashboardUrl, "#/agents"));
        var load = Stopwatch.StartNew();
        await fresh.Page.Locator("[data-testid='agents-rows'] .vt-row[data-key='bulk-0000/i1']").WaitForAsync(new() { Timeout = 5_000 });
        Assert.True(load.Elapsed < TimeSpan.FromSeconds(3), $"first rows took {load.Elapsed}");

        await fresh.ShowAsync("overview");
        await fresh.Page.Locator("[data-testid='tile-agents'] .value", new() { HasText = "1,00" }).WaitForAsync(new() { Timeout = 5_000 });
        await fresh.ShowAsync("discovery");
        await fresh.Page.FillAsync("#aid-name", "bulk-0042");
        await fresh.Page.ClickAsync("#aid-form button");
        var record = fresh.Page.Locator("[data-testid='aid-text']");
        await record.WaitForAsync(new() { Timeout = 5_000 });
        Assert.Contains("uri=wss://agents.example/ws", await record.InnerTextAsync());
        Assert.Contains("websocket", await fresh.Page.Locator("#aid-result table").InnerTextAsync());
        await fresh.Page.Locator("#zone", new() { HasText = "bulk-0042" }).WaitForAsync(new() { Timeout = 5_000 });
        await fresh.ScreenshotAsync("discovery");
        tab.AssertNoErrors();
        fresh.AssertNoErrors();
    }
}
