using System.Diagnostics;
using System.Diagnostics.Metrics;
using AgentPlatform.ServiceDefaults.Telemetry;

namespace AgentPlatform.Relay.Diagnostics;

/// <summary>The Relay's ActivitySource and Meter ("AgentPlatform.Relay"; ServiceDefaults collects AgentPlatform.*).</summary>
public sealed class RelayTelemetry : ServiceMeter
{
    public const string Name = "AgentPlatform.Relay";

    public RelayTelemetry(IMeterFactory meters) : base(meters, Name)
    {
        Connections = Meter.CreateUpDownCounter<long>("relay.connections", description: "Open client connections");
        FramesIn = Meter.CreateCounter<long>("relay.frames.in", description: "Frames received from clients");
        FramesOut = Meter.CreateCounter<long>("relay.frames.out", description: "Frames sent to clients");
        Invocations = Meter.CreateCounter<long>("relay.invocations", description: "Invocations by agent, mode and outcome");
        InvocationDuration = Meter.CreateHistogram<double>("relay.invocation.duration", unit: "ms",
            description: "Invocation duration from INVOKE to COMPLETE or ERROR");
        Rejections = Meter.CreateCounter<long>("relay.rejections", description: "Frames or upgrades refused, by reason");
        AdmittedConnections = Meter.CreateUpDownCounter<long>("relay.connections.admitted",
            description: "Dialect connections (and HTTP requests in flight) admitted by Relay/Limits, by dialect");
        RefusedConnections = Meter.CreateCounter<long>("relay.connections.refused",
            description: "Connections and requests refused by Relay/Limits, by dialect and reason");
    }

    public static ActivitySource Source { get; } = new(Name);

    public UpDownCounter<long> Connections { get; }

    public Counter<long> FramesIn { get; }

    public Counter<long> FramesOut { get; }

    public Counter<long> Invocations { get; }

    public Histogram<double> InvocationDuration { get; }

    public Counter<long> Rejections { get; }

    /// <summary>Open admissions per dialect (tag <c>dialect</c>); see docs/operations/limits.md.</summary>
    public UpDownCounter<long> AdmittedConnections { get; }

    /// <summary>Admission refusals (tags <c>dialect</c>, <c>reason</c>: server_full, client_connections, user_connections, client_rate).</summary>
    public Counter<long> RefusedConnections { get; }
}
