namespace AgentPlatform.Relay.Routing.Providers;

/// <summary>DI for the cluster-aware provider directory (after the core's backplane, which it publishes on).</summary>
public static class ProviderDirectoryExtensions
{
    public static IServiceCollection AddProviderDirectory(this IServiceCollection services, IConfiguration config)
    {
        var options = new ProviderDirectoryOptions
        {
            AnnounceInterval = config.GetValue("Relay:Providers:AnnounceInterval", TimeSpan.FromSeconds(10)),
            Expiry = config.GetValue("Relay:Providers:Expiry", TimeSpan.FromSeconds(35)),
            RouteCheckInterval = config.GetValue("Relay:Providers:RouteCheckInterval", TimeSpan.FromSeconds(2)),
        };
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton<ClusterProviderDirectory>();
        services.AddSingleton<IProviderDirectory>(sp => sp.GetRequiredService<ClusterProviderDirectory>());
        services.AddHostedService<ProviderDirectoryHeartbeat>();
        return services;
    }
}
