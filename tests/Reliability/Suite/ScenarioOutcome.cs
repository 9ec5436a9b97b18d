namespace AgentPlatform.Reliability.Suite;

/// <summary>A scenario's identity and what it measured, as the report prints it.</summary>
public sealed record ScenarioOutcome(string Dialect, string Kind, string Name, string Expectation, ScenarioResult Result, TimeSpan Duration);
