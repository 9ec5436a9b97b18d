using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AgentPlatform.ServiceDefaults.Telemetry;

/// <summary>
/// Owns the tracer and meter providers for the life of the host: created when the host starts (so a
/// host that is built but never run costs nothing), flushed on stop, disposed with the container.
/// </summary>
internal sealed class TelemetryProviders(TelemetrySettings settings) : IHostedService, IDisposable
{
    private TracerProvider? _tracing;
    private MeterProvider? _metrics;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _tracing ??= Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(settings.CreateResource())
            .AddSource(TelemetryExtensions.ActivitySources)
            .AddOtlpExporter(settings.ConfigureExporter)
            .Build();
        _metrics ??= Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(settings.CreateResource())
            .AddMeter(TelemetryExtensions.Meters)
            .AddOtlpExporter(settings.ConfigureExporter)
            .Build();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _tracing?.ForceFlush(2000);
        _metrics?.ForceFlush(2000);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _tracing?.Dispose();
        _metrics?.Dispose();
    }
}
