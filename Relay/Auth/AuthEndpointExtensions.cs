using AgentPlatform.Relay.Limits;

namespace AgentPlatform.Relay.Auth;

/// <summary>Maps the Relay's identity endpoints (<see cref="TokenEndpoint"/>).</summary>
public static class AuthEndpointExtensions
{
    /// <summary>Registers the token endpoint's services.</summary>
    public static IServiceCollection AddRelayAuth(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<AgentSocketAuthenticator>();
        services.AddSingleton<TokenEndpoint>();
        // Admission counts connections per user (Relay:Limits:MaxConnectionsPerUser) by the user this names.
        services.AddSingleton<IAdmissionIdentity, TokenAdmissionIdentity>();
        return services;
    }

    /// <summary>Maps <c>POST /v1/tokens</c>.</summary>
    public static WebApplication MapRelayTokens(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var endpoint = app.Services.GetRequiredService<TokenEndpoint>();
        app.MapPost(TokenEndpoint.Path, endpoint.HandleAsync);
        return app;
    }
}
