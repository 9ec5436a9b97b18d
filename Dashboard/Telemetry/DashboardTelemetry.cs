using System.Diagnostics;
using System.Diagnostics.Metrics;
using AgentPlatform.ServiceDefaults.Telemetry;

namespace AgentPlatform.Dashboard.Telemetry;

/// <summary>The dashboard's own traces and metrics, collected by ServiceDefaults under "AgentPlatform.*".</summary>
public sealed class DashboardTelemetry : ServiceMeter
{
    public const string Name = "AgentPlatform.Dashboard";

    public DashboardTelemetry(IMeterFactory meterFactory) : base(meterFactory, Name)
    {
        LiveSubscribers = Meter.CreateUpDownCounter<int>("dashboard.live.subscribers", description: "Browsers attached to the live feed");
        SourceEvents = Meter.CreateCounter<long>("dashboard.source.events", description: "Events received from the registry and relay streams");
        SourceErrors = Meter.CreateCounter<long>("dashboard.source.errors", description: "Failed polls or dropped streams of a data source");
    }

    public static ActivitySource ActivitySource { get; } = new(Name);

    public UpDownCounter<int> LiveSubscribers { get; }

    public Counter<long> SourceEvents { get; }

    public Counter<long> SourceErrors { get; }
}
