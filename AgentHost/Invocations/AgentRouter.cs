using AgentPlatform.Agents;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.AgentHost.Invocations;

/// <summary>Direct mode's router: the agents of this process, by name.</summary>
public sealed class AgentRouter(IEnumerable<IAgent> agents, IContextStore store) : IInvocationRouter
{
    private readonly Dictionary<string, IAgent> _agents = agents.ToDictionary(a => a.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _agents.Keys;

    public IInvocationTarget? Route(InvokeFrame invoke, InvocationCaller caller)
    {
        ArgumentNullException.ThrowIfNull(invoke);
        return _agents.TryGetValue(invoke.Agent, out var agent) ? new AgentTarget(agent, store) : null;
    }
}
