using System.Net;
using System.Text;

namespace AgentPlatform.Dashboard.Hosting;

/// <summary>The login form, rendered on the server (no script; the dashboard's own stylesheet only).</summary>
public static class LoginPage
{
    // The login page loads nothing but its stylesheet and icon and posts only to itself.
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static Task WriteAsync(HttpContext context, int statusCode, string? error, string? returnUrl)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        return response.WriteAsync(Render(error, returnUrl), context.RequestAborted);
    }

    public static string Render(string? error, string? returnUrl)
    {
        var html = new StringBuilder();
        html.Append("""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <meta name="color-scheme" content="light dark">
              <title>AgentPlatform · Log in</title>
              <link rel="icon" href="/favicon.svg" type="image/svg+xml">
              <link rel="stylesheet" href="/css/login.css">
            </head>
            <body>
              <main class="login">
                <form method="post" action="/login" data-testid="login-form">
                  <h1>AgentPlatform dashboard</h1>
                  <label for="token">Access token</label>
                  <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
            """);
        html.Append("\n      <input type=\"hidden\" name=\"returnUrl\" value=\"").Append(WebUtility.HtmlEncode(returnUrl ?? "/")).Append("\">\n");
        if (error is not null) html.Append("      <p class=\"error\" role=\"alert\" data-testid=\"login-error\">").Append(WebUtility.HtmlEncode(error)).Append("</p>\n");
        html.Append("""
                  <button type="submit">Log in</button>
                  <p class="hint">Use the dashboard access token (<code>Dashboard:AccessToken</code>).</p>
                </form>
              </main>
            </body>
            </html>
            """);
        return html.ToString();
    }
}
