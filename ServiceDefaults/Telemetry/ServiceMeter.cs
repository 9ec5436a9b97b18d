using System.Diagnostics.Metrics;

namespace AgentPlatform.ServiceDefaults.Telemetry;

/// <summary>
/// A service's <see cref="System.Diagnostics.Metrics.Meter"/>, made by the host's <see cref="IMeterFactory"/>: each
/// host (a test may run several in one process) gets meters of its own, which its listeners see and which end with
/// its container. A subclass is a DI singleton that creates its instruments in its constructor.
/// </summary>
public abstract class ServiceMeter : IDisposable
{
    protected ServiceMeter(IMeterFactory meterFactory, string name)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(name);
    }

    public Meter Meter { get; }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing) Meter.Dispose();
    }
}
