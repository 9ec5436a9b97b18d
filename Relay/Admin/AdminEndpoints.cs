using System.Security.Cryptography;
using System.Text;
using AgentPlatform.Relay.Core;

namespace AgentPlatform.Relay.Admin;

/// <summary>The read-only admin API (docs/operations/configuration.md "Relay admin API").</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapRelayAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter(async (ctx, next) =>
        {
            var options = ctx.HttpContext.RequestServices.GetRequiredService<RelayOptions>();
            if (!Authorized(ctx.HttpContext.Request, options.AdminKey))
            {
                ctx.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
                return Results.Problem(statusCode: 401, title: "Admin key missing or wrong");
            }
            return await next(ctx).ConfigureAwait(false);
        });

        admin.MapGet("/connections", (RelayCore core, string? dialect, string? hub, int? offset, int? limit) =>
        {
            var all = core.Hubs.Where(h => hub is null || h.Name == hub).SelectMany(h => h.Connections)
                .Where(c => dialect is null || c.Dialect.Name == dialect).OrderBy(c => c.ConnectedAt).ToList();
            return Results.Ok(new { total = all.Count, items = Page(all, offset, limit).Select(AdminViews.Connection) });
        });
        admin.MapGet("/groups", (RelayCore core, string? hub, int? offset, int? limit) =>
        {
            var all = core.Hubs.Where(h => hub is null || h.Name == hub)
                .SelectMany(h => h.Groups.Select(g => new { hub = h.Name, name = g.Group, members = g.Members }))
                .OrderBy(g => g.hub, StringComparer.Ordinal).ThenBy(g => g.name, StringComparer.Ordinal).ToList();
            return Results.Ok(new { total = all.Count, items = Page(all, offset, limit) });
        });
        admin.MapGet("/invocations", (InvocationLog log, string? agent, int? offset, int? limit) =>
        {
            var (total, items) = log.Page(agent, Math.Max(0, offset ?? 0), Math.Clamp(limit ?? 100, 1, 500));
            return Results.Ok(new { total, items });
        });
        admin.MapGet("/metrics", (RelayCore core, InvocationLog log, RelayStartTime start, TimeProvider time) =>
        {
            var conns = core.Hubs.SelectMany(h => h.Connections).ToList();
            return Results.Ok(new
            {
                connections = new
                {
                    total = conns.Count,
                    byDialect = conns.GroupBy(c => c.Dialect.Name).ToDictionary(g => g.Key, g => g.Count()),
                },
                invocations = new { running = log.Running, perAgent = log.PerAgent() },
                framesIn = conns.Sum(c => c.Counters.FramesIn),
                framesOut = conns.Sum(c => c.Counters.FramesOut),
                bytesIn = conns.Sum(c => c.Counters.BytesIn),
                bytesOut = conns.Sum(c => c.Counters.BytesOut),
                uptimeSeconds = Math.Round((time.GetUtcNow() - start.At).TotalSeconds, 1),
            });
        });
        admin.MapGet("/events", async (AdminEventHub hub, TimeProvider time, HttpContext http) =>
        {
            var events = hub.Subscribe(http.RequestAborted);
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            // Headers go out at once, so a watcher knows it is subscribed before the first event.
            await http.Response.WriteAsync(": subscribed\n\n", http.RequestAborted).ConfigureAwait(false);
            await http.Response.Body.FlushAsync(http.RequestAborted).ConfigureAwait(false);
            try
            {
                await AdminEventBatches.WriteAsync(events, http.Response.Body, time, http.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The watcher left.
            }
        });
        return app;
    }

    private static IEnumerable<T> Page<T>(List<T> all, int? offset, int? limit) =>
        all.Skip(Math.Max(0, offset ?? 0)).Take(Math.Clamp(limit ?? 100, 1, 500));

    private static bool Authorized(HttpRequest request, string? key)
    {
        if (key is not { Length: > 0 }) return false;
        var auth = request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        // Hashes of equal length, so the comparison takes the same time whatever the presented key's length.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(auth["Bearer ".Length..].Trim())), SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
