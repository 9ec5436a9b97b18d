namespace AgentPlatform.Dashboard.State;

/// <summary>A lifecycle transition worth remembering after the instance is gone: added, stale, recovered, removed.</summary>
public sealed record AgentHistoryEntry(DateTimeOffset At, string Name, string InstanceId, string Kind, string? Reason);
