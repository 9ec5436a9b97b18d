using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace AgentPlatform.Dashboard.FunctionalTests.Support;

/// <summary>One open dashboard tab and what went wrong in it.</summary>
public sealed class DashboardPage(IBrowserContext context, IPage page, ConcurrentQueue<string> errors) : IAsyncDisposable
{
    public IPage Page => page;

    public IReadOnlyCollection<string> Errors => errors;

    public Task WaitForLiveAsync() =>
        page.Locator("#live[data-state='open']").WaitForAsync(new() { Timeout = 10_000 });

    public async Task ShowAsync(string view)
    {
        await page.EvaluateAsync("v => location.hash = '#/' + v", view);
        await page.Locator($"#view-{view}").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 5_000 });
    }

    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(BrowserHarness.ScreenshotDirectory);
        var path = Path.Combine(BrowserHarness.ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new() { Path = path });
        return path;
    }

    public void AssertNoErrors() => Assert.True(errors.IsEmpty, "The page reported errors:\n" + string.Join('\n', errors));

    public async ValueTask DisposeAsync()
    {
        await page.CloseAsync();
        await context.DisposeAsync();
    }
}
