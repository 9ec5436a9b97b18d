using AgentPlatform.Dashboard.FunctionalTests.Browser;
using AgentPlatform.Dashboard.FunctionalTests.Support;
using Microsoft.Playwright;

namespace AgentPlatform.Dashboard.FunctionalTests.Login;

/// <summary>The login in Debian's Chromium against the real platform: form, cookie flags, live view, link, logout.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class LoginBrowserTests : IAsyncLifetime
{
    private const string Token = "browser-login-token";

    private InProcessPlatform _platform = null!;
    private BrowserHarness _browser = null!;

    public async ValueTask InitializeAsync()
    {
        _platform = await InProcessPlatform.StartAsync(new Dictionary<string, string?> { ["Dashboard:AccessToken"] = Token });
        _browser = await BrowserHarness.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        if (_platform is not null) await _platform.DisposeAsync();
    }

    [Fact]
    public async Task A_browser_logs_in_with_the_form_gets_an_HttpOnly_strict_cookie_sees_live_data_and_logs_out()
    {
        await using var tab = await _browser.OpenAsync(_platform.DashboardUrl);
        Assert.StartsWith(new Uri(_platform.DashboardUrl, "/login").AbsoluteUri, tab.Page.Url, StringComparison.Ordinal);

        await tab.Page.FillAsync("#token", "wrong");
        await tab.Page.ClickAsync("button[type=submit]");
        await tab.Page.Locator("[data-testid='login-error']").WaitForAsync(new() { Timeout = 5_000 });

        await tab.Page.FillAsync("#token", Token);
        await tab.Page.ClickAsync("button[type=submit]");
        await tab.WaitForLiveAsync();
        Assert.Equal(new Uri(_platform.DashboardUrl, "/").AbsoluteUri, tab.Page.Url);

        var cookie = Assert.Single(await tab.Page.Context.CookiesAsync(), c => c.Name == "agentplatform_dashboard");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain("agentplatform_dashboard", await tab.Page.EvaluateAsync<string>("() => document.cookie"), StringComparison.Ordinal);

        await tab.Page.ClickAsync("[data-testid='logout']");
        await tab.Page.Locator("[data-testid='login-form']").WaitForAsync(new() { Timeout = 5_000 });
        // The login page's policy allows no fetch; the context's request API shares the (now cleared) cookies.
        Assert.DoesNotContain(await tab.Page.Context.CookiesAsync(), c => c.Name == "agentplatform_dashboard");
        var api = await tab.Page.Context.APIRequest.GetAsync(new Uri(_platform.DashboardUrl, "/api/overview").AbsoluteUri);
        Assert.Equal(401, api.Status);
    }

    [Fact]
    public async Task The_one_time_link_logs_in_and_leaves_no_token_in_the_address_bar_or_history()
    {
        await using var tab = await _browser.OpenAsync(new Uri(_platform.DashboardUrl, "/login?t=" + Token));
        await tab.WaitForLiveAsync();
        Assert.Equal(new Uri(_platform.DashboardUrl, "/").AbsoluteUri, tab.Page.Url);
        Assert.DoesNotContain(Token, tab.Page.Url, StringComparison.Ordinal);
        tab.AssertNoErrors();
        // The redirect replaced the entry: going back does not reach the link.
        await tab.Page.GoBackAsync();
        Assert.DoesNotContain(Token, tab.Page.Url, StringComparison.Ordinal);
    }
}
