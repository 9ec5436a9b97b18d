namespace AgentPlatform.Dashboard.State;

/// <summary>
/// The dashboard's copy of the registry, kept by applying the watch stream (registry.md: upserts and
/// deletes keyed by name and instance id converge to the registry's state), plus a bounded history of
/// stale and removed instances so an operator can see what disappeared and why.
/// </summary>
public sealed class AgentStore(TimeProvider time)
{
    private const int HistoryCapacity = 500;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AgentInstance> _instances = new(StringComparer.Ordinal);
    private readonly LinkedList<AgentHistoryEntry> _history = new();

    /// <summary>The registry cursor of the last applied event; a reconnecting watch resumes after it.</summary>
    public long? Cursor { get; private set; }

    public bool Connected { get; set; }

    public int Count
    {
        get
        {
            lock (_gate) return _instances.Count;
        }
    }

    /// <summary>Replaces the whole view (a watch <c>snapshot</c>).</summary>
    public void Replace(IEnumerable<AgentInstance> instances, long? cursor)
    {
        ArgumentNullException.ThrowIfNull(instances);
        lock (_gate)
        {
            _instances.Clear();
            foreach (var i in instances) _instances[i.Key] = i;
            Cursor = cursor;
        }
    }

    /// <summary>Applies one watch event; returns what changed, or null for an event kind the dashboard ignores.</summary>
    public AgentChange? Apply(string kind, AgentInstance instance, long? cursor)
    {
        ArgumentNullException.ThrowIfNull(instance);
        lock (_gate)
        {
            if (cursor is not null) Cursor = cursor;
            var had = _instances.TryGetValue(instance.Key, out var before);
            AgentHistoryEntry? entry = null;
            switch (kind)
            {
                case "added":
                case "updated":
                case "stale":
                    _instances[instance.Key] = instance;
                    if (kind == "stale") entry = Remember(instance, "stale", null);
                    else if (had && before!.Status == "stale" && instance.Status == "healthy") entry = Remember(instance, "recovered", null);
                    else if (kind == "added") entry = Remember(instance, "added", null);
                    return new AgentChange(kind, instance, entry);
                case "removed":
                    _instances.Remove(instance.Key);
                    entry = Remember(instance, "removed", instance.Reason);
                    return new AgentChange(kind, instance, entry);
                default:
                    return null;
            }
        }
    }

    /// <summary>
    /// Takes newer heartbeat times from a periodic list read: the watch stream carries no plain heartbeats,
    /// so this is what keeps "heartbeat age" honest. Returns the instances whose time moved.
    /// </summary>
    public IReadOnlyList<AgentInstance> RefreshHeartbeats(IEnumerable<AgentInstance> listed)
    {
        ArgumentNullException.ThrowIfNull(listed);
        var moved = new List<AgentInstance>();
        lock (_gate)
        {
            foreach (var l in listed)
            {
                if (l.LastHeartbeat is null || !_instances.TryGetValue(l.Key, out var current)) continue;
                if (current.LastHeartbeat is { } known && known >= l.LastHeartbeat) continue;
                var next = current with { LastHeartbeat = l.LastHeartbeat };
                _instances[l.Key] = next;
                moved.Add(next);
            }
        }
        return moved;
    }

    public IReadOnlyList<AgentInstance> Snapshot()
    {
        lock (_gate)
        {
            return [.. _instances.Values.OrderBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.InstanceId, StringComparer.Ordinal)];
        }
    }

    public IReadOnlyList<AgentHistoryEntry> History()
    {
        lock (_gate) return [.. _history];
    }

    public (int Instances, int Agents, int Healthy, int Stale) Counts()
    {
        lock (_gate)
        {
            var healthy = _instances.Values.Count(i => i.Status == "healthy");
            var agents = _instances.Values.Select(i => i.Name).Distinct(StringComparer.Ordinal).Count();
            return (_instances.Count, agents, healthy, _instances.Count - healthy);
        }
    }

    private AgentHistoryEntry Remember(AgentInstance instance, string kind, string? reason)
    {
        var entry = new AgentHistoryEntry(time.GetUtcNow(), instance.Name, instance.InstanceId, kind, reason);
        _history.AddFirst(entry);
        while (_history.Count > HistoryCapacity) _history.RemoveLast();
        return entry;
    }
}
