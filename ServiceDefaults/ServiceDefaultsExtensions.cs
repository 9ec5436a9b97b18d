using AgentPlatform.ServiceDefaults.Discovery;
using AgentPlatform.ServiceDefaults.Lifetime;
using AgentPlatform.ServiceDefaults.Redis;
using AgentPlatform.ServiceDefaults.Resilience;
using AgentPlatform.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace AgentPlatform.ServiceDefaults;

/// <summary>The one call every service makes: telemetry, health, discovery, resilience, problem details, logs.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Readiness: every registered health check must pass.</summary>
    public const string HealthPath = "/health";

    /// <summary>Liveness: only checks tagged <c>live</c> (the process answers).</summary>
    public const string AlivePath = "/alive";

    /// <summary>Wires the conventions every AgentPlatform service shares; see docs/operations/configuration.md.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureConsoleLogging();
        builder.AddDefaultTelemetry();
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        // Resilience wraps every factory client (a handler-builder filter, outermost); discovery sits
        // inside it, so each retry resolves the target again.
        builder.Services.AddOptions<HttpResilienceOptions>().BindConfiguration(HttpResilienceOptions.SectionName);
        builder.Services.AddSingleton<HttpResiliencePipelines>();
        builder.Services.AddSingleton<IHttpMessageHandlerBuilderFilter, ResilienceHandlerFilter>();
        builder.Services.AddSingleton<ServiceEndpointResolver>();
        builder.Services.AddTransient<ServiceDiscoveryHandler>();
        builder.Services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler<ServiceDiscoveryHandler>());
        builder.Services.AddHostedService<ParentProcessWatchdog>();
        RedisThreadPool.ApplyIfConfigured(builder.Configuration);
        return builder;
    }

    /// <summary>Maps <c>/health</c> and <c>/alive</c> (kept out of traces), tags request spans, and turns errors into problem details.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<RequestActivityEnricher>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks(HealthPath);
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        return app;
    }

    private static void ConfigureConsoleLogging<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        // One line per entry with scopes, so AppHost's per-service prefix reads well; anything set in
        // configuration (Logging:Console:FormatterName=json, FormatterOptions) still wins.
        var options = builder.Configuration.GetSection("Logging:Console:FormatterOptions");
        // Without a formatter name the provider rebuilds the simple formatter's options from its legacy
        // properties and drops SingleLine; naming it keeps ours.
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName ??= ConsoleFormatterNames.Simple);
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o =>
        {
            if (options["SingleLine"] is null) o.SingleLine = true;
            if (options["IncludeScopes"] is null) o.IncludeScopes = true;
            if (options["TimestampFormat"] is null) o.TimestampFormat = "HH:mm:ss.fff ";
        });
        // As the ASP.NET Core templates' appsettings.json: per-request logs (server and HttpClient, four
        // lines per call) only when configuration asks for them.
        foreach (var category in new[] { "Microsoft.AspNetCore", "System.Net.Http.HttpClient" })
        {
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null) builder.Logging.AddFilter(category, LogLevel.Warning);
        }
    }
}
