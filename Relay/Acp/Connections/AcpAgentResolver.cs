using AgentPlatform.Relay.Acp.Agents;

namespace AgentPlatform.Relay.Acp.Connections;

/// <summary>Finds an agent by name through every registered provider, in registration order (stdio first, then platform).</summary>
public sealed class AcpAgentResolver(IEnumerable<IAcpAgentProvider> providers)
{
    private readonly IAcpAgentProvider[] _providers = [.. providers];

    public IAcpAgent? Find(string name)
    {
        foreach (var provider in _providers)
        {
            if (provider.Find(name) is { } agent) return agent;
        }
        return null;
    }
}
