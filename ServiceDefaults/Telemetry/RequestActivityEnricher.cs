using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentPlatform.ServiceDefaults.Telemetry;

/// <summary>
/// ASP.NET Core starts a server activity per request on its own, but without the instrumentation package
/// (not available here) it carries no semantic-convention tags and cannot be filtered. This middleware does
/// both: health probes (every few hundred ms from AppHost or the platform) are marked unrecorded so
/// exporters skip them, and other requests get method, path, route, status. The query string is never
/// recorded: tokens travel there (access_token on WebSocket upgrades).
/// </summary>
internal sealed class RequestActivityEnricher(RequestDelegate next)
{
    private const string AspNetCoreSource = "Microsoft.AspNetCore";

    public async Task InvokeAsync(HttpContext context)
    {
        var activity = Activity.Current;
        if (activity is null || activity.Source.Name != AspNetCoreSource)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var request = context.Request;
        if (IsHealthProbe(request.Path))
        {
            activity.IsAllDataRequested = false;
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            await next(context).ConfigureAwait(false);
            return;
        }
        if (activity.IsAllDataRequested)
        {
            TagIfAbsent(activity, "http.request.method", request.Method);
            TagIfAbsent(activity, "url.scheme", request.Scheme);
            TagIfAbsent(activity, "url.path", request.Path.Value);
            TagIfAbsent(activity, "server.address", request.Host.Host);
            if (request.Host.Port is { } port) TagIfAbsent(activity, "server.port", port);
            TagIfAbsent(activity, "network.protocol.version", request.Protocol.Replace("HTTP/", string.Empty, StringComparison.Ordinal));
        }
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            if (activity.IsAllDataRequested)
            {
                var status = context.Response.StatusCode;
                activity.SetTag("http.response.status_code", status);
                if ((context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } route)
                {
                    activity.SetTag("http.route", route);
                    activity.DisplayName = $"{request.Method} {route}";
                }
                if (status >= 500) activity.SetStatus(ActivityStatusCode.Error, status.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    internal static bool IsHealthProbe(PathString path) =>
        path.StartsWithSegments(ServiceDefaultsExtensions.HealthPath, StringComparison.OrdinalIgnoreCase) ||
        path.StartsWithSegments(ServiceDefaultsExtensions.AlivePath, StringComparison.OrdinalIgnoreCase);

    private static void TagIfAbsent(Activity activity, string name, object? value)
    {
        if (activity.GetTagItem(name) is null) activity.SetTag(name, value);
    }
}
