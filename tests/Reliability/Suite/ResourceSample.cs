namespace AgentPlatform.Reliability.Suite;

/// <summary>One sample of one process during a soak (read from /proc by pid).</summary>
public sealed record ResourceSample(TimeSpan At, string Process, long RssBytes, int Handles, int Threads);
