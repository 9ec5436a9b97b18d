using AgentPlatform.Relay.AspV1.Sessions;
using AgentPlatform.Relay.Routing;
using AgentPlatform.Relay.Routing.Providers;
using AgentPlatform.Server.AspV1;

namespace AgentPlatform.Relay.AspV1;

/// <summary>The Relay's asp-v1 wiring: the engine, with sessions in the core, the Relay's router and providers.</summary>
public static class AspV1ServiceExtensions
{
    public static IServiceCollection AddAspV1(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<ForwardedInvocations>();
        services.AddSingleton<AspV1Dialect>();
        services.AddSingleton<RelayAspV1Sessions>();
        services.AddSingleton<InvocationRouter>();
        services.AddSingleton<ProviderRole>();
        services.AddSingleton<AspV1Observer>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<RelayOptions>();
            var authenticator = sp.GetRequiredService<Auth.AgentSocketAuthenticator>();
            return new AspV1Engine(
                new AspV1ServerOptions
                {
                    Limits = options.Limits,
                    AckInterval = options.AckInterval,
                    MaxInvocationDuration = options.FunctionTimeout,
                    TokenAdmission = token => authenticator.AuthenticateToken(token, "hello").Identity is { } identity
                        ? AspV1Endpoint.ToAdmission(identity) : null,
                },
                sp.GetRequiredService<RelayAspV1Sessions>(), sp.GetRequiredService<InvocationRouter>(), sp.GetRequiredService<AspV1Observer>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ProviderRole>());
        });
        services.AddSingleton<AspV1Endpoint>();
        services.AddHostedService<AspV1Drain>();
        return services;
    }
}
