namespace AgentPlatform.Protocol.Registry;

/// <summary>An agent name with its instances: the answer of <c>GET /v1/agents/{name}</c>.</summary>
public sealed record AgentEntry
{
    /// <summary>Agent name.</summary>
    public required string Name { get; init; }

    /// <summary>Instances sorted by instance id (ordinal).</summary>
    public required IReadOnlyList<AgentInstance> Instances { get; init; }
}
