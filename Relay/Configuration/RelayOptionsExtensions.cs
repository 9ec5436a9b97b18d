using Microsoft.Extensions.Options;

namespace AgentPlatform.Relay.Configuration;

/// <summary>Binds and validates <see cref="RelayOptions"/> at start, the way every service of the platform does.</summary>
public static class RelayOptionsExtensions
{
    public const string Section = "Relay";

    public static IServiceCollection AddRelayOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RelayOptions>().Bind(configuration.GetSection(Section)).ValidateOnStart();
        services.AddSingleton<IConfigureOptions<RelayOptions>, RelayOptionsSetup>();
        services.AddSingleton<IValidateOptions<RelayOptions>, RelayOptionsValidator>();
        // Consumers take the settings themselves: they are read once and do not change while the Relay runs.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RelayOptions>>().Value);
        return services;
    }
}
