namespace AgentPlatform.Relay.Admin;

/// <summary>One invocation as the admin API lists it.</summary>
public sealed class InvocationRecord
{
    public required string Id { get; init; }

    public required string Agent { get; init; }

    public required string ConnectionId { get; init; }

    /// <summary>relay or direct.</summary>
    public required string Mode { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public double? DurationMs { get; set; }

    /// <summary>running, completed, failed or interrupted.</summary>
    public string Status { get; set; } = "running";

    public string? ErrorCode { get; set; }
}
