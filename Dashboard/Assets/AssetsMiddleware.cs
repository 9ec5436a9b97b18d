namespace AgentPlatform.Dashboard.Assets;

/// <summary>Serves the UI files and sets the security headers every dashboard answer carries.</summary>
public sealed class AssetsMiddleware(RequestDelegate next, EmbeddedAssets assets)
{
    // Everything the UI loads comes from the dashboard itself: no CDN, no inline script.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        var request = context.Request;
        if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && assets.TryGet(request.Path.Value ?? "/", out var asset))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            await EmbeddedAssets.ServeAsync(context, asset).ConfigureAwait(false);
            return;
        }
        await next(context).ConfigureAwait(false);
    }
}
