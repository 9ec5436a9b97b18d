using AgentPlatform.Agents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.AgentHost.Endpoint;

/// <summary>Hosts an asp-v1 endpoint in any ASP.NET Core app, so an agent runtime can accept clients directly.</summary>
public static class AgentSocketEndpointExtensions
{
    /// <summary>
    /// Maps <paramref name="pattern"/> (conventionally <c>/v1/agent-socket</c>) to an asp-v1 endpoint serving
    /// <paramref name="agents"/>. The app must call <c>UseWebSockets()</c> first. Returns the endpoint, whose
    /// <see cref="AgentSocketEndpoint.Sessions"/> operators and tests may inspect.
    /// </summary>
    public static AgentSocketEndpoint MapAgentSocket(this IEndpointRouteBuilder routes, string pattern, IEnumerable<IAgent> agents,
        Action<AgentSocketEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var options = new AgentSocketEndpointOptions();
        configure?.Invoke(options);
        var endpoint = new AgentSocketEndpoint(agents, options);
        routes.Map(pattern, endpoint.HandleAsync);
        // WebSockets would otherwise hold a graceful shutdown open until its timeout; 1001 tells clients to resume elsewhere.
        var lifetime = routes.ServiceProvider.GetService(typeof(IHostApplicationLifetime)) as IHostApplicationLifetime;
        lifetime?.ApplicationStopping.Register(endpoint.CloseAll);
        return endpoint;
    }
}
