namespace AgentPlatform.Protocol.Registry;

/// <summary>The answer of <c>GET /v1/agents</c>: agents sorted by name.</summary>
public sealed record AgentList
{
    /// <summary>Agents that have at least one matching instance.</summary>
    public required IReadOnlyList<AgentEntry> Agents { get; init; }
}
