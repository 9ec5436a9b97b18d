using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>An agent registered over the agenkit socket of this Relay, with its last heartbeat.</summary>
public sealed class AgenkitRegisteredAgent(AgenkitRegistration registration, DateTimeOffset now)
{
    private long _lastHeartbeatTicks = now.UtcTicks;

    public AgenkitRegistration Registration { get; } = registration;

    public DateTimeOffset RegisteredAt { get; } = now;

    public string Status { get; set; } = AgenkitHeartbeat.Healthy;

    public DateTimeOffset LastHeartbeat => new(Interlocked.Read(ref _lastHeartbeatTicks), TimeSpan.Zero);

    public void Beat(DateTimeOffset now) => Interlocked.Exchange(ref _lastHeartbeatTicks, now.UtcTicks);
}
