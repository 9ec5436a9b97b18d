namespace AgentPlatform.Relay.Admin;

/// <summary>When this Relay process started (for uptime).</summary>
public sealed record RelayStartTime(DateTimeOffset At);
