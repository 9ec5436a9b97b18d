namespace AgentPlatform.Dashboard.State;

/// <summary>Each service's latest health, with the time its status last changed.</summary>
public sealed class HealthBoard
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ServiceHealth> _services = new(StringComparer.Ordinal);

    /// <summary>Records a check; returns true when the status changed (worth pushing right away).</summary>
    public bool Record(string name, string status, int? httpStatus, double? latencyMs, DateTimeOffset now)
    {
        lock (_gate)
        {
            var changed = !_services.TryGetValue(name, out var old) || old.Status != status;
            _services[name] = new ServiceHealth(name, status, httpStatus, latencyMs, now, changed ? now : old!.Since);
            return changed;
        }
    }

    public IReadOnlyList<ServiceHealth> All()
    {
        lock (_gate) return [.. _services.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];
    }
}
