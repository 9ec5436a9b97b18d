namespace AgentPlatform.Acp.Bench;

/// <summary>Prompt round trip (session/prompt request → one chunk → response) percentiles in milliseconds.</summary>
public sealed record LatencyResult(double P50Ms, double P99Ms);
