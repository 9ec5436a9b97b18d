using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AgentPlatform.Registry.Diagnostics;

/// <summary>The Registry's ActivitySource and Meter, both named "AgentPlatform.Registry" (ServiceDefaults collects AgentPlatform.*).</summary>
public sealed class RegistryTelemetry : IDisposable
{
    public const string Name = "AgentPlatform.Registry";

    public RegistryTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(Name);
        Registrations = Meter.CreateCounter<long>("registry.registrations");
        Heartbeats = Meter.CreateCounter<long>("registry.heartbeats");
        Pruned = Meter.CreateCounter<long>("registry.pruned");
        Watchers = Meter.CreateUpDownCounter<long>("registry.watchers");
    }

    public static ActivitySource Source { get; } = new(Name);

    public Meter Meter { get; }

    public Counter<long> Registrations { get; }

    public Counter<long> Heartbeats { get; }

    public Counter<long> Pruned { get; }

    public UpDownCounter<long> Watchers { get; }

    public void Dispose() => Meter.Dispose();
}
