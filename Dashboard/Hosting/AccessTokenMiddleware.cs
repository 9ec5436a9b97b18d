using System.Security.Cryptography;
using System.Text;
using AgentPlatform.ServiceDefaults;

namespace AgentPlatform.Dashboard.Hosting;

/// <summary>
/// Optional gate (<c>Dashboard:AccessToken</c>): the browser presents the token once at
/// <c>/login?token=…</c> and gets an HttpOnly cookie. Health endpoints stay open for probes.
/// </summary>
public sealed class AccessTokenMiddleware(RequestDelegate next, DashboardOptions options)
{
    public const string CookieName = "agentplatform_dashboard";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var token = options.AccessToken;
        var path = context.Request.Path;
        if (string.IsNullOrEmpty(token)
            || path.StartsWithSegments(Extensions.HealthPath, StringComparison.Ordinal)
            || path.StartsWithSegments(Extensions.AlivePath, StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        if (path.Equals("/login", StringComparison.Ordinal))
        {
            if (Matches(context.Request.Query["token"].ToString(), token))
            {
                context.Response.Cookies.Append(CookieName, token, new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    Secure = context.Request.IsHttps,
                    Path = "/",
                });
                context.Response.Redirect("/");
                return;
            }
            await DenyAsync(context).ConfigureAwait(false);
            return;
        }
        var presented = context.Request.Cookies[CookieName];
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal)) presented ??= header["Bearer ".Length..];
        if (Matches(presented, token))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        await DenyAsync(context).ConfigureAwait(false);
    }

    private static bool Matches(string? presented, string expected) =>
        presented is not null
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static Task DenyAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("This dashboard needs its access token: open /login?token=<Dashboard:AccessToken>.", context.RequestAborted);
    }
}
