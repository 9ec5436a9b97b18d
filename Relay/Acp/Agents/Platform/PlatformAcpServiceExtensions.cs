using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentPlatform.Relay.Acp.Agents.Platform;

/// <summary>Registers the platform agents as an <see cref="IAcpAgentProvider"/> (after the stdio agents, which win a name).</summary>
public static class PlatformAcpServiceExtensions
{
    public static IServiceCollection AddAcpPlatformAgents(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<PlatformAcpSessions>();
        services.TryAddSingleton<PlatformAcpAgents>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAcpAgentProvider, PlatformAcpAgents>(sp => sp.GetRequiredService<PlatformAcpAgents>()));
        return services;
    }
}
