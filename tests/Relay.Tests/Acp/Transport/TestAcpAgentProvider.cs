using System.Collections.Concurrent;
using AgentPlatform.Relay.Acp.Agents;

namespace AgentPlatform.Relay.Tests.Acp.Transport;

/// <summary>The agents the ACP transport tests reach: any name made on demand, except <c>missing</c>.</summary>
public sealed class TestAcpAgentProvider : IAcpAgentProvider
{
    private readonly ConcurrentDictionary<string, TestAcpAgent> _agents = new(StringComparer.Ordinal);

    public TestAcpAgent this[string name] => _agents.GetOrAdd(name, n => new TestAcpAgent(n));

    public IAcpAgent? Find(string name) => name == "missing" ? null : this[name];
}
