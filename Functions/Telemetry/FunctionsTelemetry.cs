using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AgentPlatform.Functions.Telemetry;

/// <summary>The service's own ActivitySource and Meter ("AgentPlatform.Functions"; ServiceDefaults collects "AgentPlatform.*").</summary>
public static class FunctionsTelemetry
{
    public const string Name = "AgentPlatform.Functions";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Invocations = Meter.CreateCounter<long>("agentplatform.functions.invocations", description: "Invocations served, by agent and outcome");

    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("agentplatform.functions.invocation.duration", "ms", "Invocation wall time");

    public static readonly Counter<long> ContextConflicts = Meter.CreateCounter<long>("agentplatform.functions.context.conflicts", description: "Optimistic-concurrency conflicts on context saves");
}
