using System.Diagnostics;
using System.Diagnostics.Metrics;
using AgentPlatform.ServiceDefaults.Telemetry;

namespace AgentPlatform.Registry.Diagnostics;

/// <summary>The Registry's ActivitySource and Meter, both named "AgentPlatform.Registry" (ServiceDefaults collects AgentPlatform.*).</summary>
public sealed class RegistryTelemetry : ServiceMeter
{
    public const string Name = "AgentPlatform.Registry";

    public RegistryTelemetry(IMeterFactory meterFactory) : base(meterFactory, Name)
    {
        Registrations = Meter.CreateCounter<long>("registry.registrations");
        Heartbeats = Meter.CreateCounter<long>("registry.heartbeats");
        Pruned = Meter.CreateCounter<long>("registry.pruned");
        Watchers = Meter.CreateUpDownCounter<long>("registry.watchers");
    }

    public static ActivitySource Source { get; } = new(Name);

    public Counter<long> Registrations { get; }

    public Counter<long> Heartbeats { get; }

    public Counter<long> Pruned { get; }

    public UpDownCounter<long> Watchers { get; }
}
