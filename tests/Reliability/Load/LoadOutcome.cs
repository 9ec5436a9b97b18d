namespace AgentPlatform.Reliability.Load;

/// <summary>One call of the load: which stream (client) made it, when it ended, and how.</summary>
public sealed record LoadOutcome(DateTime At, string Stream, bool Ok, string? Error);
