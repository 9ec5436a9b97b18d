using System.Diagnostics;
using System.Diagnostics.Metrics;
using AgentPlatform.ServiceDefaults.Telemetry;

namespace AgentPlatform.Functions.Telemetry;

/// <summary>The service's own ActivitySource and Meter ("AgentPlatform.Functions"; ServiceDefaults collects "AgentPlatform.*").</summary>
public sealed class FunctionsTelemetry : ServiceMeter
{
    public const string Name = "AgentPlatform.Functions";

    public FunctionsTelemetry(IMeterFactory meterFactory) : base(meterFactory, Name)
    {
        Invocations = Meter.CreateCounter<long>("agentplatform.functions.invocations", description: "Invocations served, by agent and outcome");
        Duration = Meter.CreateHistogram<double>("agentplatform.functions.invocation.duration", "ms", "Invocation wall time");
        ContextConflicts = Meter.CreateCounter<long>("agentplatform.functions.context.conflicts", description: "Optimistic-concurrency conflicts on context saves");
    }

    public static ActivitySource ActivitySource { get; } = new(Name);

    public Counter<long> Invocations { get; }

    public Histogram<double> Duration { get; }

    public Counter<long> ContextConflicts { get; }
}
