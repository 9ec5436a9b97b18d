using AgentPlatform.ServiceDefaults.Http;
using AgentPlatform.ServiceDefaults.Lifetime;
using AgentPlatform.ServiceDefaults.Redis;
using AgentPlatform.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AgentPlatform.ServiceDefaults;

/// <summary>
/// The Aspire service defaults every AgentPlatform service calls: OpenTelemetry (traces, metrics, logs; OTLP export
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), health endpoints, service discovery and the standard resilience
/// handler on every HttpClient, problem details, one-line console logs. Configuration: docs/operations/configuration.md.
/// </summary>
public static class Extensions
{
    /// <summary>Readiness: every registered health check must pass.</summary>
    public const string HealthPath = "/health";

    /// <summary>Liveness: only checks tagged <c>live</c> (the process answers).</summary>
    public const string AlivePath = "/alive";

    /// <summary>Where the standard resilience handler's options are bound (HttpStandardResilienceOptions' shape).</summary>
    public const string HttpResilienceSection = "AgentPlatform:HttpResilience";

    /// <summary>How many new traces a service records per second at most (0 or less: every trace).</summary>
    public const string TracesPerSecondKey = "AgentPlatform:Telemetry:TracesPerSecond";

    /// <summary>The default of <see cref="TracesPerSecondKey"/>: every call while a person clicks through the platform, a sample under load.</summary>
    public const double DefaultTracesPerSecond = 50;

    /// <summary>Every service's own ActivitySource and Meter is named <c>AgentPlatform.&lt;Service&gt;</c>.</summary>
    public const string PlatformSources = "AgentPlatform.*";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureConsoleLogging();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddProblemDetails();
        builder.Services.AddServiceDiscovery();
        var resilience = builder.Configuration.GetSection(HttpResilienceSection);
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Outermost, so callers see HttpClient's own exception types for the handler's timeouts and open circuits.
            http.AddHttpMessageHandler(() => new ResilienceRejections());
            // The platform's retry delay stays what it was before the library (200 ms, not 2 s): calls between
            // services on one host recover in well under a second. Configuration still wins.
            var standard = http.AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.FromMilliseconds(200));
            if (resilience.Exists()) standard.Configure(resilience);
            // A retry may only repeat what the method promises is safe to repeat: POST and PATCH are sent once.
            standard.Configure(o => o.Retry.DisableForUnsafeHttpMethods());
            // One pipeline, so one circuit breaker, per destination (the logical name before discovery resolves it),
            // rather than one for every client of the process.
            standard.SelectPipelineByAuthority();
            http.AddServiceDiscovery();
        });
        // Only acts when a supervisor passes its pid (the hand-written AppHost); Aspire's DCP stops services itself.
        builder.Services.AddHostedService<ParentProcessWatchdog>();
        RedisThreadPool.ApplyIfConfigured(builder.Configuration);
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(PlatformSources))
            .WithTracing(tracing => tracing
                .SetSampler(TraceSampler(builder.Configuration))
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(PlatformSources)
                .AddAspNetCoreInstrumentation(o =>
                {
                    // Health probes arrive every few hundred ms from the orchestrator: kept out of traces.
                    o.Filter = context => !IsHealthProbe(context.Request.Path);
                    // Tokens travel in query strings (access_token on WebSocket upgrades): never recorded.
                    o.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
                })
                .AddHttpClientInstrumentation());
        builder.AddOpenTelemetryExporters();
        return builder;
    }

    // Spans cost more at the collector than where they start (the Aspire dashboard spent more CPU per relay-mode call
    // ingesting its eight spans than the Relay, the Functions host and the worker spent serving it), so a burst of
    // calls records a steady sample; a trace started elsewhere keeps its caller's decision.
    private static ParentBasedSampler TraceSampler(IConfiguration configuration)
    {
        var perSecond = configuration.GetValue(TracesPerSecondKey, DefaultTracesPerSecond);
        return new ParentBasedSampler(perSecond > 0 ? new TraceRateSampler(perSecond) : new AlwaysOnSampler());
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>Maps <c>/health</c> and <c>/alive</c> and turns errors into problem details.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks(HealthPath);
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        return app;
    }

    /// <summary>True for the health endpoints' paths (and anything below them).</summary>
    public static bool IsHealthProbe(PathString path) =>
        path.StartsWithSegments(HealthPath, StringComparison.OrdinalIgnoreCase) ||
        path.StartsWithSegments(AlivePath, StringComparison.OrdinalIgnoreCase);

    private static void AddOpenTelemetryExporters<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var endpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint)) return;
        var otel = builder.Services.AddOpenTelemetry();
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"]))
        {
            // The exporter's own default is gRPC; the platform's contract is OTLP/HTTP unless a protocol is named
            // (the Aspire AppHost names one). The signal paths (/v1/traces, …) are appended by the exporter.
            otel.UseOtlpExporter(OtlpExportProtocol.HttpProtobuf, new Uri(endpoint));
        }
        else
        {
            otel.UseOtlpExporter();
        }
        builder.Services.AddHostedService<FlushOnStop>();
    }

    private static void ConfigureConsoleLogging<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        // One line per entry with scopes, so an orchestrator's per-service console reads well; anything set in
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
