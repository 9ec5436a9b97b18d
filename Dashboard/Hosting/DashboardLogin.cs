using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace AgentPlatform.Dashboard.Hosting;

/// <summary>
/// The login (docs/operations/dashboard.md, Security): a form at <c>/login</c> that takes the access token, an
/// HttpOnly, SameSite=Strict session cookie (ASP.NET Core cookie authentication; Secure over https), <c>/logout</c>,
/// and the one-time link <c>/login?t=TOKEN</c> that sets the cookie and redirects, so the token leaves the address bar.
/// </summary>
public static class DashboardLogin
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string CookieName = "agentplatform_dashboard";
    public const string LoginPath = "/login";
    public const string LogoutPath = "/logout";

    /// <summary>The claim holding <see cref="DashboardCredential.Fingerprint"/>.</summary>
    public const string CredentialClaim = "agentplatform:credential";

    public static IServiceCollection AddDashboardLogin(this IServiceCollection services)
    {
        services.AddSingleton<DashboardCredential>();
        services.AddSingleton<LoginAttempts>();
        services.AddAuthentication(Scheme).AddCookie(Scheme);
        services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<DashboardOptions>((cookie, options) =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = options.SessionLifetime;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = LoginPath;
            cookie.LogoutPath = LogoutPath;
        });
        return services;
    }

    public static IEndpointRouteBuilder MapDashboardLogin(this IEndpointRouteBuilder app)
    {
        app.MapGet(LoginPath, ShowAsync);
        app.MapPost(LoginPath, SubmitAsync).DisableAntiforgery();
        app.MapPost(LogoutPath, async (HttpContext context) =>
        {
            await context.SignOutAsync(Scheme).ConfigureAwait(false);
            return Results.Redirect(LoginPath, permanent: false, preserveMethod: false);
        }).DisableAntiforgery();
        return app;
    }

    /// <summary>Whether the request carries a session of the current credential.</summary>
    public static async Task<bool> IsSignedInAsync(HttpContext context, DashboardCredential credential)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(credential);
        var result = await context.AuthenticateAsync(Scheme).ConfigureAwait(false);
        return result.Succeeded && result.Principal.FindFirstValue(CredentialClaim) == credential.Fingerprint;
    }

    private static async Task ShowAsync(HttpContext context, DashboardCredential credential, LoginAttempts attempts)
    {
        var query = context.Request.Query;
        var returnUrl = SafeReturnUrl(query["returnUrl"].ToString());
        if (!credential.Required)
        {
            context.Response.Redirect(returnUrl);
            return;
        }
        // The link AppHost or an operator hands out: ?t= (as Aspire's dashboard) or the older ?token=.
        var token = query.TryGetValue("t", out var t) ? t.ToString() : query["token"].ToString();
        if (token.Length > 0)
        {
            if (!attempts.TryTake(context))
            {
                await TooManyAsync(context, returnUrl).ConfigureAwait(false);
                return;
            }
            if (credential.Matches(token))
            {
                await SignInAsync(context, credential).ConfigureAwait(false);
                // A redirect, so the token leaves the address bar and the history entry.
                context.Response.Redirect(returnUrl);
                return;
            }
            await LoginPage.WriteAsync(context, StatusCodes.Status401Unauthorized, "That link's token is not valid. Enter the access token.", returnUrl).ConfigureAwait(false);
            return;
        }
        if (await IsSignedInAsync(context, credential).ConfigureAwait(false))
        {
            context.Response.Redirect(returnUrl);
            return;
        }
        await LoginPage.WriteAsync(context, StatusCodes.Status200OK, null, returnUrl).ConfigureAwait(false);
    }

    private static async Task SubmitAsync(HttpContext context, DashboardCredential credential, LoginAttempts attempts)
    {
        if (!context.Request.HasFormContentType)
        {
            await LoginPage.WriteAsync(context, StatusCodes.Status400BadRequest, "Send the login form.", "/").ConfigureAwait(false);
            return;
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var returnUrl = SafeReturnUrl(form["returnUrl"].ToString());
        if (!credential.Required)
        {
            context.Response.Redirect(returnUrl);
            return;
        }
        if (!attempts.TryTake(context))
        {
            await TooManyAsync(context, returnUrl).ConfigureAwait(false);
            return;
        }
        if (!credential.Matches(form["token"].ToString()))
        {
            await LoginPage.WriteAsync(context, StatusCodes.Status401Unauthorized, "Wrong access token.", returnUrl).ConfigureAwait(false);
            return;
        }
        await SignInAsync(context, credential).ConfigureAwait(false);
        // 303: the browser follows with a GET, and a reload does not post the token again.
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = returnUrl;
    }

    private static Task SignInAsync(HttpContext context, DashboardCredential credential)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "dashboard"), new Claim(CredentialClaim, credential.Fingerprint)], Scheme);
        return context.SignInAsync(Scheme, new ClaimsPrincipal(identity));
    }

    private static Task TooManyAsync(HttpContext context, string returnUrl)
    {
        context.Response.Headers.RetryAfter = "60";
        return LoginPage.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many login attempts from this address; wait a minute.", returnUrl);
    }

    /// <summary>
    /// Only a path of this site: never another host (open redirect) nor a scheme-relative <c>//host</c>, and no control
    /// character (browsers drop a tab or newline, so <c>/\t/evil.example</c> would become <c>//evil.example</c>).
    /// </summary>
    public static string SafeReturnUrl(string? value) =>
        value is { Length: > 0 } && value[0] == '/' && (value.Length == 1 || (value[1] != '/' && value[1] != '\\')) && !value.Any(char.IsControl)
            && !value.StartsWith(LoginPath, StringComparison.OrdinalIgnoreCase)
            ? value
            : "/";
}
