using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Relay.Limits;

/// <summary>Wires Relay/Limits: options, admission, Kestrel's handshake limits, WebSocket liveness and the admission middleware.</summary>
public static class RelayLimitsExtensions
{
    public static IServiceCollection AddRelayLimits(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RelayLimitsOptions>().Bind(configuration.GetSection(RelayLimitsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RelayLimitsOptions>, RelayLimitsOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RelayLimitsOptions>>().Value);
        services.AddSingleton<ConnectionAdmission>();
        services.AddExceptionHandler<KestrelRejectionHandler>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>>(sp =>
            new ConfigureOptions<KestrelServerOptions>(kestrel => ApplyKestrel(kestrel.Limits, sp.GetRequiredService<RelayLimitsOptions>())));
        return services;
    }

    /// <summary>
    /// Before the endpoints: WebSockets with ping and pong deadline for every dialect that does not set its own (Web
    /// PubSub, AgentChat's pong deadline), then admission.
    /// </summary>
    public static WebApplication UseRelayLimits(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var limits = app.Services.GetRequiredService<RelayOptions>().Limits;
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = limits.PingInterval, KeepAliveTimeout = limits.PongTimeout });
        app.UseMiddleware<AdmissionMiddleware>();
        return app;
    }

    private static void ApplyKestrel(KestrelServerLimits kestrel, RelayLimitsOptions limits)
    {
        kestrel.RequestHeadersTimeout = limits.RequestHeadersTimeout;
        kestrel.MinRequestBodyDataRate = limits.MinRequestBodyBytesPerSecond > 0
            ? new MinDataRate(limits.MinRequestBodyBytesPerSecond, limits.MinRequestBodyGracePeriod)
            : null;
        kestrel.MaxRequestBodySize = limits.MaxRequestBodyBytes;
    }
}
