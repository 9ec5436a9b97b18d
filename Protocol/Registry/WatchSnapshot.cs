namespace AgentPlatform.Protocol.Registry;

/// <summary>Data of the watch stream's <c>snapshot</c> event: the whole view as of <see cref="Cursor"/>.</summary>
public sealed record WatchSnapshot
{
    /// <summary>Sequence number of the last event the snapshot includes.</summary>
    public long Cursor { get; init; }

    /// <summary>All agents, as <c>GET /v1/agents</c> lists them.</summary>
    public required IReadOnlyList<AgentEntry> Agents { get; init; }
}
