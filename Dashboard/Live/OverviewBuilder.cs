using AgentPlatform.Dashboard.State;

namespace AgentPlatform.Dashboard.Live;

/// <summary>Composes the overview from the stores the sources keep up to date.</summary>
public sealed class OverviewBuilder(AgentStore agents, RelayState relay, HealthBoard health, SeriesRecorder series, TimeProvider time)
{
    public Overview Build(SeriesPoint? point = null)
    {
        var counts = agents.Counts();
        var metrics = relay.Metrics;
        return new Overview(
            time.GetUtcNow(),
            health.All(),
            agents.Connected,
            // The metrics poll is what answers every second; the event stream may be idle.
            metrics is not null && relay.Problem is null,
            relay.Problem,
            counts.Agents,
            counts.Instances,
            counts.Healthy,
            counts.Stale,
            metrics?.Connections.Total ?? 0,
            metrics?.Connections.ByDialect ?? new Dictionary<string, long>(),
            metrics?.Invocations.Running ?? 0,
            metrics?.Invocations.PerAgent ?? new Dictionary<string, RelayMetrics.AgentStats>(),
            metrics?.UptimeSeconds,
            series.Interval.TotalSeconds,
            point);
    }
}
