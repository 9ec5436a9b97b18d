namespace AgentPlatform.Dashboard.State;

/// <summary>What a registry watch event did to the dashboard's view; pushed to browsers as it happens.</summary>
public sealed record AgentChange(string Kind, AgentInstance Instance, AgentHistoryEntry? History);
