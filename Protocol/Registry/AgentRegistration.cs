namespace AgentPlatform.Protocol.Registry;

/// <summary>
/// The body of <c>PUT /v1/agents/{name}/instances/{instanceId}</c> (registry.md). Validate with
/// <see cref="RegistrationValidator"/> before use.
/// </summary>
public sealed record AgentRegistration
{
    /// <summary>Absolute URI (ws, wss, http, https, unix, tcp) where the instance is reached.</summary>
    public string? Endpoint { get; init; }

    /// <summary>One of <see cref="AgentProtocols.All"/>.</summary>
    public string? Protocol { get; init; }

    /// <summary><c>direct</c> or <c>relay</c> (<see cref="AgentModes"/>).</summary>
    public string? Mode { get; init; }

    /// <summary>Capability tokens such as <c>stream</c> or <c>tools</c>.</summary>
    public IReadOnlyList<string>? Capabilities { get; init; }

    /// <summary>Tools the instance offers.</summary>
    public IReadOnlyList<ToolDescriptor>? Tools { get; init; }

    /// <summary>Free string metadata (not secret: reads are open).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Whether the agent is published as an AID record; default false.</summary>
    public bool? Public { get; init; }
}
