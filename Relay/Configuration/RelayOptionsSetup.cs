using Microsoft.Extensions.Options;

namespace AgentPlatform.Relay.Configuration;

/// <summary>
/// The <see cref="RelayOptions"/> that live outside the <c>Relay</c> section: peers' addresses from service
/// discovery and the keys under <c>AgentPlatform:Keys</c> (docs/operations/configuration.md).
/// </summary>
internal sealed class RelayOptionsSetup(IConfiguration configuration, IHostEnvironment environment) : IConfigureOptions<RelayOptions>
{
    public void Configure(RelayOptions options)
    {
        options.RegistryUrl = Url(configuration["services:registry:http:0"] ?? configuration["services:registry:https:0"]);
        options.FunctionsUrl = Url(configuration["Relay:Functions:Url"] ?? configuration["services:functions:http:0"]);
        options.FunctionsKey = configuration["Relay:Functions:Key"] is { Length: > 0 } functionsKey ? functionsKey : null;
        options.AgentSocketKey = configuration["AgentPlatform:Keys:AgentSocket"];
        options.AdminKey = configuration["AgentPlatform:Keys:Admin"];
        // The shared key is a development convenience: unless set, only Development accepts it.
        options.Auth.AllowSharedKey ??= environment.IsDevelopment();
    }

    // Base URLs end in '/' so that relative paths append to them instead of replacing their last segment.
    private static Uri? Url(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var u) ? new Uri(u.ToString().TrimEnd('/') + "/") : null;
}
