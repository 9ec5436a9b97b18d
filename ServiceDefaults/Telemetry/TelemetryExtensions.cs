using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace AgentPlatform.ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry by hand: the hosting extension package is not available, so the tracer and meter
/// providers are built here and owned by <see cref="TelemetryProviders"/>, and logs go through the
/// logger provider of the base package. Nothing is exported unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
/// </summary>
internal static class TelemetryExtensions
{
    /// <summary>ASP.NET Core and HttpClient emit through these sources natively; ours all start with AgentPlatform.</summary>
    internal static readonly string[] ActivitySources = ["Microsoft.AspNetCore", "System.Net.Http", "AgentPlatform.*"];

    internal static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http",
        "System.Net.NameResolution",
        "System.Runtime",
        "AgentPlatform.*",
    ];

    public static void AddDefaultTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var settings = TelemetrySettings.From(builder.Configuration, builder.Environment.ApplicationName);
        if (settings is null) return;

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.SetResourceBuilder(settings.CreateResource());
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.AddOtlpExporter(settings.ConfigureExporter);
        });
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<TelemetryProviders>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TelemetryProviders>());
    }
}
