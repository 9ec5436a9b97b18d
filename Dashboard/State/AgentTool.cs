namespace AgentPlatform.Dashboard.State;

/// <summary>A tool an agent instance advertises; the schema stays in the registry.</summary>
public sealed record AgentTool(string Name, string? Description);
