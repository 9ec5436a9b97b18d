using AgentPlatform.Server.Delivery;

namespace AgentPlatform.Relay.Core;

/// <summary>Options of the relay core (configuration section Relay:Core).</summary>
public sealed record RelayCoreOptions
{
    /// <summary>How long a dropped reliable session waits for its client to resume before it is closed.</summary>
    public TimeSpan ResumeWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a session that moved to another replica lingers here so invocations still running here can finish
    /// (their output is forwarded); then they are stopped.
    /// </summary>
    public TimeSpan MovedLinger { get; init; } = TimeSpan.FromMinutes(15);

    public OutboxOptions Outbox { get; init; } = new();
}
