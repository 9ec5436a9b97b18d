using AgentPlatform.Relay.Acp.Agents.Platform;
using AgentPlatform.Relay.Acp.Agents.Stdio;
using AgentPlatform.Relay.Acp.Connections;
using AgentPlatform.Relay.Acp.Replay;
using AgentPlatform.Relay.Acp.Transport;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Relay.Acp;

/// <summary>
/// Wires the Relay's ACP face (docs/protocol/acp.md): <c>/acp</c> and <c>/acp/{agent}</c> over WebSocket and Streamable
/// HTTP, the replay extension, and the agents behind them. Needs the relay core and the agent socket authenticator.
/// </summary>
public static class AcpDialectExtensions
{
    public static IServiceCollection AddAcpDialect(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        // The agents: stdio agents first (a configured name wins over a platform agent), then the platform's.
        services.AddAcpStdioAgents(configuration);
        services.AddAcpPlatformAgents();
        services.AddOptions<AcpOptions>().Bind(configuration.GetSection(AcpOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.Replay is not null && o.Replay.Window >= TimeSpan.FromMilliseconds(10) && o.Replay.Window <= TimeSpan.FromDays(1),
                "Acp:Replay:Window must be between 00:00:00.010 and 1.00:00:00")
            .Validate(o => o.Replay is not null && o.Replay.MaxMessages is >= 1 and <= 1_000_000, "Acp:Replay:MaxMessages must be between 1 and 1000000")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AcpOptions>>().Value);
        services.AddSingleton<AcpDialect>();
        services.AddSingleton<AcpAgentResolver>();
        services.AddSingleton<AcpReplayStore>();
        services.AddSingleton<AcpConnectionRegistry>();
        services.AddSingleton<AcpRuntime>();
        services.AddSingleton<AcpWebSocketEndpoint>();
        services.AddSingleton<AcpHttpEndpoint>();
        services.AddSingleton<AcpEndpoint>();
        return services;
    }

    public static IEndpointRouteBuilder MapAcp(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var sp = endpoints.ServiceProvider;
        var connections = sp.GetRequiredService<AcpConnectionRegistry>();
        // Stopping: every connection ends first (WebSocket close 1001), so that Kestrel's drain does not wait on them.
        sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(connections.StopAll);
        endpoints.Map(AcpEndpoint.Path, (HttpContext http, AcpEndpoint acp) => acp.HandleAsync(http, null));
        endpoints.Map(AcpEndpoint.Path + "/{agent}", (HttpContext http, string agent, AcpEndpoint acp) => acp.HandleAsync(http, agent));
        return endpoints;
    }
}
