using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AgentPlatform.ServiceDefaults.Telemetry;

/// <summary>
/// Exports what is still batched when the host stops. The providers flush again when the container disposes them,
/// but by then the exporter's HttpClient (from the factory, with its handlers) may already be disposed, and the last
/// spans before a shutdown (up to the 5 s batch delay) would be lost.
/// </summary>
internal sealed class FlushOnStop(TracerProvider? tracing = null, MeterProvider? metrics = null) : IHostedService
{
    private const int TimeoutMs = 2000;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        tracing?.ForceFlush(TimeoutMs);
        metrics?.ForceFlush(TimeoutMs);
        return Task.CompletedTask;
    }
}
