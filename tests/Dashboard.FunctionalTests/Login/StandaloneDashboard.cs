using System.Globalization;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace AgentPlatform.Dashboard.FunctionalTests.Login;

/// <summary>A Dashboard alone on a loopback port (no platform behind it): enough to exercise the login.</summary>
public sealed class StandaloneDashboard : IAsyncDisposable
{
    public const string Token = "s3cret-dashboard-token";

    private StandaloneDashboard(WebApplication app, Uri url)
    {
        App = app;
        Url = url;
    }

    public WebApplication App { get; }

    public Uri Url { get; }

    public static async Task<StandaloneDashboard> StartAsync(string? token = Token, int attemptsPerMinute = 10)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");
        var app = DashboardApplication.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dashboard:AccessToken"] = token,
            ["Dashboard:LoginAttemptsPerMinute"] = attemptsPerMinute.ToString(CultureInfo.InvariantCulture),
        }));
        app.Urls.Add(url.AbsoluteUri.TrimEnd('/'));
        await app.StartAsync();
        return new StandaloneDashboard(app, url);
    }

    /// <summary>A client that keeps cookies and shows redirects instead of following them.</summary>
    public HttpClient Client() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(10) };

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
