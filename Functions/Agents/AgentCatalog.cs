using AgentPlatform.Agents;

namespace AgentPlatform.Functions.Agents;

/// <summary>The agents this Functions host serves, by name (every <see cref="IAgent"/> registered in DI).</summary>
public sealed class AgentCatalog
{
    private readonly Dictionary<string, IAgent> _byName;

    public AgentCatalog(IEnumerable<IAgent> agents)
    {
        ArgumentNullException.ThrowIfNull(agents);
        _byName = new Dictionary<string, IAgent>(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            // A later registration replaces an earlier one of the same name, so tests and hosts can override.
            _byName[agent.Name] = agent;
        }
    }

    public IReadOnlyCollection<IAgent> Agents => _byName.Values;

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IAgent? agent) =>
        _byName.TryGetValue(name, out agent);
}
