using AgentPlatform.Protocol.Registry;
using AgentPlatform.Registry.Watch;

namespace AgentPlatform.Registry.Stores;

/// <summary>
/// Where registrations live. Both implementations (in-memory, Redis) pass the same contract suite; every mutation
/// that changes visible state appends exactly one event and publishes it on <see cref="Events"/> in sequence order.
/// </summary>
public interface IRegistryStore
{
    /// <summary>Live events of this store (for Redis: of every replica).</summary>
    EventHub Events { get; }

    Task<RegisterResult> RegisterAsync(string name, string instanceId, AgentRegistration registration, DateTimeOffset now);

    /// <summary>False when the instance is unknown (the agent must register again).</summary>
    Task<bool> HeartbeatAsync(string name, string instanceId, DateTimeOffset now);

    Task<bool> DeregisterAsync(string name, string instanceId);

    Task<IReadOnlyList<AgentInstance>> GetAsync(string name);

    Task<Snapshot> SnapshotAsync();

    Task<EventRange> ReadEventsSinceAsync(long cursor);

    /// <summary>Marks instances stale and removes expired ones as of <paramref name="now"/>.</summary>
    Task PruneAsync(DateTimeOffset now);
}
