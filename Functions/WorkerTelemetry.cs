using OpenTelemetry.Trace;

namespace AgentPlatform.Functions;

/// <summary>Telemetry the worker needs beyond ServiceDefaults.</summary>
public static class WorkerTelemetry
{
    /// <summary>
    /// The worker runs a function under an "Invoke" activity of this source, parented on the trace context the
    /// host sends with the invocation. Without a listener on it that activity is never created, and a function's
    /// spans start a trace of their own instead of joining the caller's.
    /// </summary>
    public const string WorkerActivitySource = "Microsoft.Azure.Functions.Worker";

    public static IServiceCollection AddWorkerTelemetry(this IServiceCollection services) =>
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(WorkerActivitySource));
}
