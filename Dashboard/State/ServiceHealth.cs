namespace AgentPlatform.Dashboard.State;

/// <summary>The last /health answer of one service.</summary>
/// <param name="Name">registry, relay, functions or dashboard.</param>
/// <param name="Status">healthy, degraded, unhealthy, unreachable or unconfigured.</param>
/// <param name="HttpStatus">The status code of the last answer, if one came.</param>
/// <param name="LatencyMs">How long the check took.</param>
/// <param name="CheckedAt">When it was last checked.</param>
/// <param name="Since">When the status last changed.</param>
public sealed record ServiceHealth(string Name, string Status, int? HttpStatus, double? LatencyMs, DateTimeOffset? CheckedAt, DateTimeOffset Since);
