using System.Net;
using System.Net.Http.Headers;

namespace AgentPlatform.Dashboard.FunctionalTests.Login;

/// <summary>The login over plain HTTP: gate, form, cookie, one-time link, logout, rate limit, redirects.</summary>
public sealed class LoginHttpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static FormUrlEncodedContent Form(string token, string returnUrl = "/") =>
        new([new("token", token), new("returnUrl", returnUrl)]);

    [Fact]
    public async Task Without_a_session_pages_redirect_to_the_login_and_the_api_and_live_stream_answer_401()
    {
        await using var dashboard = await StandaloneDashboard.StartAsync();
        using var http = dashboard.Client();

        using var page = await http.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login?returnUrl=%2F", page.Headers.Location?.OriginalString);
        foreach (var path in new[] { "/api/overview", "/api/live", "/api/connections", "/js/app.js" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (path.StartsWith("/api", StringComparison.Ordinal)) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await http.SendAsync(request, Ct);
            var expected = path.StartsWith("/api", StringComparison.Ordinal) ? HttpStatusCode.Unauthorized : HttpStatusCode.Redirect;
            Assert.True(response.StatusCode == expected, $"{path}: {response.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/css/login.css", Ct)).StatusCode);

        using var login = await http.GetAsync("/login", Ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var html = await login.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<form method=\"post\" action=\"/login\"", html, StringComparison.Ordinal);
        Assert.Contains("type=\"password\"", html, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", login.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_sets_an_HttpOnly_SameSite_Strict_cookie_and_logout_ends_the_session()
    {
        await using var dashboard = await StandaloneDashboard.StartAsync();
        using var http = dashboard.Client();

        using var wrong = await http.PostAsync("/login", Form("wrong"), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("Wrong access token", await wrong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));

        using var right = await http.PostAsync("/login", Form(StandaloneDashboard.Token, "/#/agents"), Ct);
        Assert.Equal(HttpStatusCode.SeeOther, right.StatusCode);
        Assert.Equal("/#/agents", right.Headers.Location?.OriginalString);
        var cookie = Assert.Single(right.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("agentplatform_dashboard=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        // Plain http here: Secure would make the browser drop it; over https the policy adds it.
        Assert.DoesNotContain("secure", cookie.Replace("samesite", "", StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(StandaloneDashboard.Token, cookie, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/overview", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/", Ct)).StatusCode);

        using var logout = await http.PostAsync("/logout", content: null, Ct);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("/login", logout.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/overview", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("t")]
    [InlineData("token")]
    public async Task The_link_with_the_token_logs_in_once_and_redirects_to_strip_it(string parameter)
    {
        await using var dashboard = await StandaloneDashboard.StartAsync();
        using var http = dashboard.Client();

        using var bad = await http.GetAsync($"/login?{parameter}=nope", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);

        using var link = await http.GetAsync($"/login?{parameter}={StandaloneDashboard.Token}", Ct);
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        Assert.Equal("/", link.Headers.Location?.OriginalString);
        Assert.Contains("httponly", Assert.Single(link.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/overview", Ct)).StatusCode);
        // Logged in, the login page sends the browser on.
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("/login", Ct)).StatusCode);
    }

    [Fact]
    public async Task API_clients_may_present_the_token_as_a_bearer()
    {
        await using var dashboard = await StandaloneDashboard.StartAsync();
        using var http = dashboard.Client();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", StandaloneDashboard.Token);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/overview", Ct)).StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/overview", Ct)).StatusCode);
    }

    [Fact]
    public async Task Login_attempts_are_rate_limited_per_address()
    {
        await using var dashboard = await StandaloneDashboard.StartAsync(attemptsPerMinute: 3);
        using var http = dashboard.Client();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await http.PostAsync("/login", Form("guess-" + i), Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        // Even the right token waits now: the budget is per address, not per wrong guess.
        using var limited = await http.PostAsync("/login", Form(StandaloneDashboard.Token), Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("60", limited.Headers.GetValues("Retry-After").Single());
        using var link = await http.GetAsync($"/login?t={StandaloneDashboard.Token}", Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, link.StatusCode);
        // Showing the form is not an attempt.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/login", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/login?t=x", "/")]
    [InlineData("/#/connections", "/#/connections")]
    public async Task The_return_address_stays_on_the_dashboard(string returnUrl, string expected)
    {
        await using var dashboard = await StandaloneDashboard.StartAsync();
        using var http = dashboard.Client();
        using var response = await http.PostAsync("/login", Form(StandaloneDashboard.Token, returnUrl), Ct);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Without_a_token_configured_the_dashboard_is_open_and_login_leads_home()
    {
        await using var dashboard = await StandaloneDashboard.StartAsync(token: null);
        using var http = dashboard.Client();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/overview", Ct)).StatusCode);
        using var login = await http.GetAsync("/login", Ct);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", login.Headers.Location?.OriginalString);
    }
}
