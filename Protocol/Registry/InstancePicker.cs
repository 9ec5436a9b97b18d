namespace AgentPlatform.Protocol.Registry;

/// <summary>
/// The shared rule for choosing an instance for a call: healthy instances only, round-robin in instance-id order
/// so calls spread evenly. Thread-safe; keep one per agent name (or one per caller).
/// </summary>
public sealed class InstancePicker
{
    private long _next = -1;

    /// <summary>Returns the next healthy instance, or null when none is healthy.</summary>
    public AgentInstance? Pick(IReadOnlyList<AgentInstance> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var healthy = instances.Where(i => i.Status == InstanceStatus.Healthy)
            .OrderBy(i => i.InstanceId, StringComparer.Ordinal).ToList();
        if (healthy.Count == 0) return null;
        var n = Interlocked.Increment(ref _next);
        return healthy[(int)(n % healthy.Count)];
    }
}
