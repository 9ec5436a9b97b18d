namespace AgentPlatform.Acp.Bench;

/// <summary>Everything measured for one target in the run.</summary>
public sealed record TargetResults(
    string Label,
    LatencyResult WebSocket,
    LatencyResult Http,
    double ChunksPerSecWebSocket,
    double ChunksPerSecHttp,
    IdleMemory Idle);
