using System.Collections.Concurrent;
using AgentPlatform.Relay.AspV1;
using AgentPlatform.Relay.Routing;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.Relay.Acp.Agents.Platform;

/// <summary>
/// The platform's agents as ACP agents: a name the Registry view knows (a relay-mode instance, healthy or not, or a
/// direct-mode provider on any replica) is an agent. The agent is looked up again on every prompt, so an agent that
/// goes away makes prompts fail (-32603, <c>UNKNOWN_AGENT</c>) instead of closing connections.
/// </summary>
public sealed class PlatformAcpAgents : IAcpAgentProvider
{
    private readonly AgentDirectory _directory;
    private readonly PlatformAcpServices _services;
    private readonly ConcurrentDictionary<string, PlatformAcpAgent> _agents = new(StringComparer.Ordinal);

    public PlatformAcpAgents(
        AgentDirectory directory, InvocationRouter router, AspV1Observer observer, PlatformAcpSessions sessions, RelayOptions options,
        TimeProvider time, ILogger<PlatformAcpAgents> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directory = directory;
        var limits = new InvocationLimits { MaxConcurrent = options.Limits.MaxConcurrentInvocations, MaxDuration = options.FunctionTimeout };
        _services = new PlatformAcpServices(sessions, router, observer, limits, time, logger);
    }

    public IAcpAgent? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Knows(name)) return null;
        return _agents.GetOrAdd(name, n => new PlatformAcpAgent(n, _services, () => Title(n)));
    }

    private bool Knows(string name) =>
        _directory.Instances(name).Count > 0 || _directory.Providers.Agents.Contains(name, StringComparer.Ordinal);

    /// <summary>A registered instance's <c>description</c> metadata, for <c>agentInfo.title</c>.</summary>
    private string? Title(string name) =>
        _directory.Instances(name).Select(i => i.Metadata.GetValueOrDefault("description")).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d));
}
