using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Relay.Routing;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>
/// The seed's agent registry on the wire: agents that <c>register</c> over this Relay's socket, kept alive by
/// <c>heartbeat</c>, removed by <c>unregister</c> or pruned after <see cref="AgenkitOptions.HeartbeatTimeout"/> of
/// silence, each mirrored into the Registry. Requests reach them by name (their own endpoint), as do agenkit
/// instances other replicas registered, which the Registry view lists.
/// </summary>
public sealed class AgenkitAgents(AgentDirectory directory, AgenkitRegistryWriter registry, AgenkitOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, AgenkitRegisteredAgent> _agents = new(StringComparer.Ordinal);

    /// <summary>The listener's bound endpoints, which no agent may register as its own.</summary>
    public AgenkitOwnEndpoints Own { get; } = new();

    /// <summary>The agents registered here.</summary>
    public IReadOnlyCollection<AgenkitRegisteredAgent> Local => [.. _agents.Values];

    /// <summary>The <c>reason</c> of a heartbeat, unregister or register refused because another connection holds the name.</summary>
    public const string NotOwnerReason = "not_owner";

    /// <summary>
    /// Registers (or refreshes the same endpoint) for the connection <paramref name="owner"/>; an error for an invalid,
    /// duplicate or platform name, or a name another live connection registered.
    /// </summary>
    public async Task<AgenkitError?> RegisterAsync(AgenkitRegistration registration, string? owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var name = registration.AgentName;
        if (!RegistrationValidator.IsValidName(name)) return Failed(name, "agent_name must match [A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
        if (AgenkitEndpoint.TryParse(registration.Endpoint) is not { } endpoint) return Failed(name, "endpoint must be unix:///path or tcp://host:port");
        // Requests forwarded to the Relay's own listener would be forwarded again, without end.
        if (IsOwn(endpoint) || await Own.IsOwnAsync(endpoint, cancellationToken).ConfigureAwait(false)) return Failed(name, "the endpoint is this Relay's own listener");
        if (_agents.TryGetValue(name, out var existing) && existing.Registration.Endpoint != registration.Endpoint)
        {
            return Duplicate(name, "registered with another endpoint");
        }
        if (IsPlatformAgent(name)) return Duplicate(name, "a platform agent has this name");
        // Same endpoint: the owner refreshes; another connection adopts only once the owner is gone.
        if (existing is not null && existing.Owner is { } holder && !string.Equals(holder, owner, StringComparison.Ordinal))
        {
            return NotOwner(name);
        }
        var now = time.GetUtcNow();
        _agents[name] = new AgenkitRegisteredAgent(registration, existing?.RegisteredAt ?? now, owner);
        if (await registry.RegisterAsync(registration, cancellationToken).ConfigureAwait(false) is { } failure)
        {
            _agents.TryRemove(name, out _);
            return Failed(name, failure);
        }
        return null;
    }

    /// <summary>
    /// Records a heartbeat from connection <paramref name="owner"/>; null when done, else AGENT_NOT_FOUND (not registered
    /// here, or its connection is gone: the agent should register again) or DUPLICATE_AGENT (another connection's agent).
    /// </summary>
    public async Task<AgenkitError?> HeartbeatAsync(AgenkitHeartbeat heartbeat, string? owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        if (!_agents.TryGetValue(heartbeat.AgentName, out var agent) || agent.Owner is null) return NotRegistered(heartbeat.AgentName);
        if (!string.Equals(agent.Owner, owner, StringComparison.Ordinal)) return NotOwner(heartbeat.AgentName);
        agent.Beat(time.GetUtcNow());
        agent.Status = heartbeat.Status;
        await registry.HeartbeatAsync(agent.Registration, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Removes an agent for connection <paramref name="owner"/>: its registering connection, or, once that is gone, any
    /// connection naming the same <paramref name="endpoint"/>. Null when done, else AGENT_NOT_FOUND or DUPLICATE_AGENT.
    /// </summary>
    public async Task<AgenkitError?> UnregisterAsync(string name, string? owner, string? endpoint, CancellationToken cancellationToken)
    {
        if (!_agents.TryGetValue(name, out var agent)) return NotRegistered(name);
        var allowed = agent.Owner is { } holder
            ? string.Equals(holder, owner, StringComparison.Ordinal)
            : string.Equals(agent.Registration.Endpoint, endpoint, StringComparison.Ordinal);
        if (!allowed) return NotOwner(name);
        if (!_agents.TryRemove(new KeyValuePair<string, AgenkitRegisteredAgent>(name, agent))) return NotRegistered(name);
        await registry.DeregisterAsync(agent.Registration, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>The connection <paramref name="owner"/> closed: its agents stay (until pruned) but lose their owner.</summary>
    public void Release(string owner)
    {
        foreach (var agent in _agents.Values)
        {
            if (string.Equals(agent.Owner, owner, StringComparison.Ordinal)) agent.TrySetOwner(owner, null);
        }
    }

    /// <summary>Removes every agent silent for longer than the heartbeat timeout; returns them.</summary>
    public async Task<IReadOnlyList<AgenkitRegisteredAgent>> PruneAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var pruned = new List<AgenkitRegisteredAgent>();
        foreach (var (name, agent) in _agents)
        {
            if (now - agent.LastHeartbeat <= options.HeartbeatTimeout) continue;
            if (!_agents.TryRemove(new KeyValuePair<string, AgenkitRegisteredAgent>(name, agent))) continue;
            pruned.Add(agent);
            await registry.DeregisterAsync(agent.Registration, cancellationToken).ConfigureAwait(false);
        }
        return pruned;
    }

    /// <summary>
    /// The endpoint requests for <paramref name="name"/> are forwarded to: an agent registered here, else a healthy agenkit
    /// instance of the Registry view (registered through another replica). Null: not an agenkit-registered agent.
    /// </summary>
    public string? EndpointOf(string name)
    {
        if (_agents.TryGetValue(name, out var local)) return local.Registration.Endpoint;
        return directory.Instances(name)
            .Where(i => i.Protocol == AgentProtocols.Agenkit && i.Status == InstanceStatus.Healthy && AgenkitEndpoint.TryParse(i.Endpoint) is not null)
            .Select(i => i.Endpoint)
            .FirstOrDefault();
    }

    /// <summary>Names a client could call, for AGENT_NOT_FOUND's <c>available_agents</c>.</summary>
    public IReadOnlyList<string> AvailableNames(IEnumerable<string> platformNames) =>
        [.. platformNames.Concat(_agents.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private bool IsOwn(AgenkitEndpoint endpoint) => endpoint.Address switch
    {
        System.Net.Sockets.UnixDomainSocketEndPoint unix => options.UnixSocket is { } own && unix.ToString() == own,
        System.Net.IPEndPoint ip => options.TcpPort is { } port && ip.Port == port && (System.Net.IPAddress.IsLoopback(ip.Address) || ip.Address.ToString() == options.TcpHost),
        System.Net.DnsEndPoint dns => options.TcpPort is { } port && dns.Port == port && dns.Host == "localhost",
        _ => false,
    };

    private bool IsPlatformAgent(string name) =>
        directory.Providers.Agents.Contains(name, StringComparer.Ordinal)
        || directory.Instances(name).Any(i => i.Protocol != AgentProtocols.Agenkit);

    private static AgenkitError NotRegistered(string name) =>
        new(AgenkitErrorCodes.AgentNotFound, $"Agent '{name}' is not registered here: register again", new JsonObject { ["agent_name"] = name });

    private static AgenkitError NotOwner(string name) =>
        new(AgenkitErrorCodes.DuplicateAgent, $"Agent '{name}' was registered by another connection; only it may heartbeat or unregister",
            new JsonObject { ["agent_name"] = name, ["reason"] = NotOwnerReason });

    private static AgenkitError Failed(string name, string why) =>
        new(AgenkitErrorCodes.RegistrationFailed, $"Registration of '{name}' failed: {why}", new JsonObject { ["agent_name"] = name });

    private static AgenkitError Duplicate(string name, string why) =>
        new(AgenkitErrorCodes.DuplicateAgent, $"Agent '{name}' is already registered: {why}", new JsonObject { ["agent_name"] = name });
}
