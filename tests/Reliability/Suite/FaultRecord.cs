namespace AgentPlatform.Reliability.Suite;

/// <summary>One injected fault: what was done, what was promised, what happened and how long recovery took.</summary>
public sealed record FaultRecord(string Fault, string Expected, string Observed, TimeSpan? Recovery, bool Passed);
