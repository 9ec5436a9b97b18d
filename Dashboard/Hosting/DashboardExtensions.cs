using AgentPlatform.Dashboard.Api;
using AgentPlatform.Dashboard.Assets;
using AgentPlatform.Dashboard.Live;
using AgentPlatform.Dashboard.Sources;
using AgentPlatform.Dashboard.State;
using AgentPlatform.Dashboard.Telemetry;
using AgentPlatform.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Dashboard.Hosting;

/// <summary>The dashboard's wiring: sources that watch the platform, stores, the live feed, the API and the UI.</summary>
public static class DashboardExtensions
{
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddServiceDefaults();
        var services = builder.Services;
        // A zero or negative interval stops the dashboard at start, naming the setting, not at the first poll.
        services.AddOptions<DashboardOptions>().Bind(builder.Configuration.GetSection(DashboardOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DashboardOptions>>().Value);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DashboardTelemetry>();
        services.AddSingleton<ServiceEndpoints>();
        services.AddSingleton<AgentStore>();
        services.AddSingleton<HealthBoard>();
        services.AddSingleton<RelayState>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<DashboardOptions>();
            return new SeriesRecorder(options.SeriesInterval, options.SeriesWindow);
        });
        services.AddSingleton<InvocationLog>();
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<OverviewBuilder>();
        services.AddSingleton<RelayAdminClient>();
        services.AddSingleton<EmbeddedAssets>();
        services.AddDashboardLogin();

        services.AddHttpClient(DashboardHttpClients.Streams, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient(DashboardHttpClients.Polls, (sp, c) => c.Timeout = sp.GetRequiredService<DashboardOptions>().RequestTimeout);

        services.AddHostedService<RegistryWatcher>();
        services.AddHostedService<HeartbeatRefresher>();
        services.AddHostedService<RelayEventsWatcher>();
        services.AddHostedService<RelayMetricsPoller>();
        services.AddHostedService<HealthPoller>();
        services.AddHostedService<SeriesTicker>();
        return builder;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<LoginGateMiddleware>();
        app.UseMiddleware<AssetsMiddleware>();
        app.MapDefaultEndpoints();
        app.MapDashboardApi();
        app.MapDashboardLogin();
        return app;
    }
}
