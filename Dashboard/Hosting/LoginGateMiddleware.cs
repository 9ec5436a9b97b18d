using AgentPlatform.ServiceDefaults;

namespace AgentPlatform.Dashboard.Hosting;

/// <summary>
/// Requires a login when <c>Dashboard:AccessToken</c> is set: pages without a session redirect to the login page,
/// <c>/api/*</c> (the live stream included) answers 401. API clients may present the token as
/// <c>Authorization: Bearer</c> instead of a cookie. Health probes, the login page and its stylesheet stay open.
/// </summary>
public sealed class LoginGateMiddleware(RequestDelegate next, DashboardCredential credential, LoginAttempts attempts)
{
    private static readonly string[] OpenPaths = [DashboardLogin.LoginPath, DashboardLogin.LogoutPath, "/css/login.css", "/favicon.svg"];

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path;
        var bearerMatches = BearerMatches(context.Request, out var bearerPresented);
        if (!credential.Required
            || path.StartsWithSegments(Extensions.HealthPath, StringComparison.Ordinal)
            || path.StartsWithSegments(Extensions.AlivePath, StringComparison.Ordinal)
            || OpenPaths.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase))
            || bearerMatches
            || await DashboardLogin.IsSignedInAsync(context, credential).ConfigureAwait(false))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        // A wrong Bearer token is a login attempt like a wrong form: counted, so guessing is as slow as at the login page.
        if (bearerPresented && !attempts.TryTake(context))
        {
            context.Response.Headers.RetryAfter = "60";
            await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many login attempts",
                detail: "Too many wrong tokens from this address; wait a minute.").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        if (path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Log in first",
                detail: "Log in at /login (cookie) or send Authorization: Bearer <Dashboard:AccessToken>.").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        // The page asked for comes back after the login; its query string is dropped (it could carry anything).
        context.Response.Redirect(DashboardLogin.LoginPath + "?returnUrl=" + Uri.EscapeDataString(DashboardLogin.SafeReturnUrl(path.Value)));
    }

    private bool BearerMatches(HttpRequest request, out bool presented)
    {
        var header = request.Headers.Authorization.ToString();
        presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        return presented && credential.Matches(header["Bearer ".Length..].Trim());
    }
}
