using AgentPlatform.Dashboard.State;

namespace AgentPlatform.Dashboard.Live;

/// <summary>What the overview shows at a glance; pushed every series tick and on health changes.</summary>
public sealed record Overview(
    DateTimeOffset At,
    IReadOnlyList<ServiceHealth> Health,
    bool RegistryConnected,
    bool RelayConnected,
    string? RelayProblem,
    int Agents,
    int Instances,
    int Healthy,
    int Stale,
    long Connections,
    IReadOnlyDictionary<string, long> ConnectionsByDialect,
    long RunningInvocations,
    IReadOnlyDictionary<string, RelayMetrics.AgentStats> PerAgent,
    double? RelayUptimeSeconds,
    double SeriesIntervalSeconds,
    SeriesPoint? Point);
