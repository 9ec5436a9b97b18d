using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace AgentPlatform.Dashboard.FunctionalTests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright (never a downloaded browser). One browser per fixture; each test
/// opens a 1280x800 page whose console errors and uncaught exceptions are collected for assertion.
/// </summary>
public sealed class BrowserHarness : IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-quic", "--disable-component-update", "--disable-sync"];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserHarness(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static string ScreenshotDirectory => TestRepo.Combine("artifacts", "test-results", "screenshots");

    public static async Task<BrowserHarness> StartAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Args = ChromiumArgs });
        return new BrowserHarness(playwright, browser);
    }

    public async Task<DashboardPage> OpenAsync(Uri url, string colorScheme = "light")
    {
        var context = await _browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 1280, Height = 800 },
            ColorScheme = colorScheme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
        });
        var page = await context.NewPageAsync();
        var errors = new ConcurrentQueue<string>();
        page.Console += (_, msg) =>
        {
            if (msg.Type == "error") errors.Enqueue($"console: {msg.Text}");
        };
        page.PageError += (_, error) => errors.Enqueue($"page error: {error}");
        page.RequestFailed += (_, request) =>
        {
            // A live stream cut by page teardown is not an error of the page.
            if (!request.Url.Contains("/api/live", StringComparison.Ordinal)) errors.Enqueue($"request failed: {request.Url} {request.Failure}");
        };
        await page.GotoAsync(url.AbsoluteUri);
        return new DashboardPage(context, page, errors);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
