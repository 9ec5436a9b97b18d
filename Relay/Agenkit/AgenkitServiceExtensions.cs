using AgentPlatform.Relay.AspV1;
using AgentPlatform.Relay.Auth;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Limits;
using AgentPlatform.Relay.Routing;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>Wires the agenkit listener (docs/protocol/agenkit.md; settings under <c>Relay:Agenkit</c>).</summary>
public static class AgenkitServiceExtensions
{
    public static IServiceCollection AddAgenkit(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(sp => AgenkitOptionsReader.ForEnvironment(AgenkitOptionsReader.Read(configuration), sp.GetRequiredService<IHostEnvironment>()));
        services.AddSingleton<AgenkitDialect>();
        services.AddSingleton<AgenkitRegistryWriter>();
        services.AddSingleton<AgenkitAgents>();
        services.AddSingleton<AgenkitForwarder>();
        services.AddSingleton(sp => new AgenkitServices(
            sp.GetRequiredService<AgenkitOptions>(), sp.GetRequiredService<RelayCore>(), sp.GetRequiredService<AgenkitDialect>(),
            sp.GetRequiredService<InvocationRouter>(), sp.GetRequiredService<AspV1Observer>(), sp.GetRequiredService<AgentDirectory>(),
            sp.GetRequiredService<AgenkitAgents>(), sp.GetRequiredService<AgenkitForwarder>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("AgentPlatform.Relay.Agenkit"))
        {
            Admission = sp.GetService<ConnectionAdmission>(),
            HandshakeTimeout = sp.GetService<RelayLimitsOptions>()?.HandshakeTimeout ?? TimeSpan.FromSeconds(30),
            MessageLimits = sp.GetService<RelayOptions>()?.Limits,
            Authenticator = sp.GetService<AgentSocketAuthenticator>(),
        });
        services.AddSingleton<AgenkitListener>();
        services.AddHostedService(sp => sp.GetRequiredService<AgenkitListener>());
        services.AddHostedService<AgenkitPruneService>();
        services.AddHttpClient(AgenkitRegistryWriter.HttpClientName);
        return services;
    }
}
