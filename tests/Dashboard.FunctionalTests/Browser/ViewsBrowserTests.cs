using AgentPlatform.Dashboard.FunctionalTests.Support;

namespace AgentPlatform.Dashboard.FunctionalTests.Browser;

/// <summary>Every view in light and dark at 1280x800: renders, switches without reload, no console errors.</summary>
[Collection(BrowserTestGroup.Name)]
public class ViewsBrowserTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    public static TheoryData<string> Schemes => ["light", "dark"];

    [Theory]
    [MemberData(nameof(Schemes))]
    public async Task Every_view_renders_in_both_themes(string scheme)
    {
        await fixture.Platform.RegisterAsync($"tour-{scheme}", "i1", cancellationToken: TestContext.Current.CancellationToken);
        await using var tab = await fixture.Browser.OpenAsync(fixture.Platform.DashboardUrl, scheme);
        await tab.WaitForLiveAsync();

        var background = await tab.Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.Equal(scheme == "dark" ? "rgb(15, 18, 24)" : "rgb(245, 246, 248)", background);

        await tab.Page.Locator("[data-testid='health-registry'][data-status='healthy']").WaitForAsync(new() { Timeout = 5_000 });
        await tab.Page.Locator("#chart-throughput svg").WaitForAsync();
        await tab.ScreenshotAsync($"overview-{scheme}");
        foreach (var view in new[] { "agents", "connections", "invocations", "discovery" })
        {
            await tab.ShowAsync(view);
            await tab.ScreenshotAsync($"{view}-{scheme}");
        }
        tab.AssertNoErrors();
    }

    [Fact]
    public async Task The_theme_toggle_cycles_and_survives_a_reload()
    {
        await using var tab = await fixture.Browser.OpenAsync(fixture.Platform.DashboardUrl, "light");
        await tab.WaitForLiveAsync();
        var root = tab.Page.Locator("html");
        await tab.Page.ClickAsync("#theme");
        Assert.Equal("light", await root.GetAttributeAsync("data-theme"));
        await tab.Page.ClickAsync("#theme");
        Assert.Equal("dark", await root.GetAttributeAsync("data-theme"));
        await tab.Page.ReloadAsync();
        Assert.Equal("dark", await root.GetAttributeAsync("data-theme"));
        Assert.Equal("rgb(15, 18, 24)", await tab.Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
        tab.AssertNoErrors();
    }
}
