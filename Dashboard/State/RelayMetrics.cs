namespace AgentPlatform.Dashboard.State;

/// <summary>The Relay's <c>GET /admin/metrics</c> answer (configuration.md).</summary>
public sealed record RelayMetrics
{
    public ConnectionTotals Connections { get; init; } = new();

    public InvocationTotals Invocations { get; init; } = new();

    public long FramesIn { get; init; }

    public long FramesOut { get; init; }

    public long BytesIn { get; init; }

    public long BytesOut { get; init; }

    public double UptimeSeconds { get; init; }

    public sealed record ConnectionTotals
    {
        public long Total { get; init; }

        public IReadOnlyDictionary<string, long> ByDialect { get; init; } = new Dictionary<string, long>();
    }

    public sealed record InvocationTotals
    {
        public long Running { get; init; }

        public IReadOnlyDictionary<string, AgentStats> PerAgent { get; init; } = new Dictionary<string, AgentStats>();
    }

    public sealed record AgentStats
    {
        public long Count { get; init; }

        public long Errors { get; init; }

        public double? P50Ms { get; init; }

        public double? P99Ms { get; init; }
    }
}
