using AgentPlatform.Functions.Agents;
using Microsoft.Azure.Functions.Worker;

namespace AgentPlatform.Functions.Worker;

/// <summary><c>GET /agents</c>: the agent names this app serves (operators; the Relay learns them from the Registry).</summary>
public sealed class CatalogFunctions
{
    [Function("agents")]
    public static IResult List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "agents")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var catalog = request.HttpContext.RequestServices.GetRequiredService<AgentCatalog>();
        return Results.Ok(catalog.Agents.Select(a => a.Describe().Name).Order(StringComparer.Ordinal));
    }
}
