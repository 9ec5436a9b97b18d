namespace AgentPlatform.Dashboard.State;

/// <summary>One invocation as the Relay admin API reports it (configuration.md "Relay admin API").</summary>
public sealed record InvocationRecord
{
    public string Id { get; init; } = "";

    public string Agent { get; init; } = "";

    public string? ConnectionId { get; init; }

    public string? Mode { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public double? DurationMs { get; init; }

    /// <summary>running, completed, failed or interrupted.</summary>
    public string Status { get; init; } = "running";

    public string? ErrorCode { get; init; }

    public bool Finished => Status is not "running";
}
