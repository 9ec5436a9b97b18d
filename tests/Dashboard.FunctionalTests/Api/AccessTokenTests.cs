using System.Globalization;
using System.Net;
using AgentPlatform.TestSupport;
using Microsoft.Extensions.Configuration;

namespace AgentPlatform.Dashboard.FunctionalTests.Api;

/// <summary>The optional browser gate (Dashboard:AccessToken).</summary>
public class AccessTokenTests
{
    [Fact]
    public async Task With_a_token_configured_only_the_login_opens_the_dashboard()
    {
        var ct = TestContext.Current.CancellationToken;
        var url = $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";
        await using var app = DashboardApplication.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dashboard:AccessToken"] = "s3cret-token",
        }));
        app.Urls.Add(url);
        await app.StartAsync(ct);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(url) };

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/overview", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/login?token=wrong", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health", ct)).StatusCode);

        using var login = await http.GetAsync("/login?token=s3cret-token", ct);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/overview", ct)).StatusCode);
        await app.StopAsync(ct);
    }
}
