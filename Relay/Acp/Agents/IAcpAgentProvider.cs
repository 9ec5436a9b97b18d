namespace AgentPlatform.Relay.Acp.Agents;

/// <summary>Finds ACP agents by name: the configured stdio agents, then the platform's agents (the Registry view).</summary>
public interface IAcpAgentProvider
{
    /// <summary>The agent named <paramref name="name"/>, or null when this provider has none.</summary>
    IAcpAgent? Find(string name);
}
