using AgentPlatform.Dashboard.Live;
using AgentPlatform.Dashboard.Sources;
using AgentPlatform.Dashboard.State;

namespace AgentPlatform.Dashboard.Api;

/// <summary>The browser-facing JSON API (docs/operations/dashboard.md); everything is read-only.</summary>
public static class DashboardApi
{
    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/live", LiveEndpoint.HandleAsync);
        api.MapGet("/overview", (OverviewBuilder overview, SeriesRecorder series) =>
            Results.Json(new { overview = overview.Build(series.Latest()), series = series.Points() }));
        api.MapGet("/agents", Agents);
        api.MapGet("/agents/history", (AgentStore store) => Results.Json(store.History()));
        api.MapGet("/invocations", (HttpContext context, InvocationLog log) =>
        {
            if (!PageQuery.TryRead(context.Request, 200, out _, out var limit, out var error))
            {
                return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest);
            }
            var agent = context.Request.Query["agent"].ToString();
            return Results.Json(log.Recent(limit, agent.Length == 0 ? null : agent));
        });
        api.MapGet("/connections", (HttpContext context, RelayAdminClient relay) =>
            RelayProxy.ForwardAsync(context, relay, "admin/connections", ["dialect", "hub"]));
        api.MapGet("/groups", (HttpContext context, RelayAdminClient relay) =>
            RelayProxy.ForwardAsync(context, relay, "admin/groups", ["hub"]));
        api.MapGet("/discovery/zone", DiscoveryEndpoints.ZoneAsync);
        api.MapGet("/discovery/agents/{name}", DiscoveryEndpoints.AgentAsync);
        return app;
    }

    private static IResult Agents(HttpContext context, AgentStore store)
    {
        if (!PageQuery.TryRead(context.Request, 100, out var offset, out var limit, out var error))
        {
            return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest);
        }
        var q = context.Request.Query["q"].ToString();
        var status = context.Request.Query["status"].ToString();
        var matching = store.Snapshot()
            .Where(i => q.Length == 0 || i.Name.Contains(q, StringComparison.OrdinalIgnoreCase) || i.InstanceId.Contains(q, StringComparison.OrdinalIgnoreCase))
            .Where(i => status.Length == 0 || i.Status == status)
            .ToList();
        return Results.Json(new { total = matching.Count, items = matching.Skip(offset).Take(limit) });
    }
}
