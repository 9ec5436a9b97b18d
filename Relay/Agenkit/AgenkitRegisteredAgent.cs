using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>An agent registered over the agenkit socket of this Relay, with its last heartbeat.</summary>
public sealed class AgenkitRegisteredAgent(AgenkitRegistration registration, DateTimeOffset now, string? owner = null)
{
    private long _lastHeartbeatTicks = now.UtcTicks;
    private string? _owner = owner;

    /// <summary>
    /// The id of the connection that registered the agent: only it may heartbeat or unregister. Null once that
    /// connection is gone; then a register with the same endpoint adopts the agent.
    /// </summary>
    public string? Owner => Volatile.Read(ref _owner);

    /// <summary>Sets the owner to <paramref name="owner"/> when it is <paramref name="expected"/>; true when it did.</summary>
    public bool TrySetOwner(string? expected, string? owner) => ReferenceEquals(Interlocked.CompareExchange(ref _owner, owner, expected), expected)
        || string.Equals(Volatile.Read(ref _owner), owner, StringComparison.Ordinal);

    public AgenkitRegistration Registration { get; } = registration;

    public DateTimeOffset RegisteredAt { get; } = now;

    public string Status { get; set; } = AgenkitHeartbeat.Healthy;

    public DateTimeOffset LastHeartbeat => new(Interlocked.Read(ref _lastHeartbeatTicks), TimeSpan.Zero);

    public void Beat(DateTimeOffset now) => Interlocked.Exchange(ref _lastHeartbeatTicks, now.UtcTicks);
}
