namespace AgentPlatform.Relay.Routing.Providers;

/// <summary>A provider connection somewhere in the cluster: its connection id, the agents it serves, the replica holding it.</summary>
public sealed record ProviderPresence(string ConnectionId, IReadOnlyList<string> Agents, string ReplicaId)
{
    /// <summary>True when the provider is connected to this replica.</summary>
    public bool IsLocal { get; init; }
}
