namespace AgentPlatform.Protocol.AspV1;

/// <summary>HELLO (0x01) from the client: <c>{v, caps, token?, resume?, lastSeq?, role?, agents?}</c>.</summary>
/// <param name="Version">Key <c>v</c>: the protocol version, 1.</param>
/// <param name="Caps">Key <c>caps</c>: capabilities the client asks for (<see cref="AspCapabilities"/>).</param>
public sealed record ClientHelloFrame(int Version, IReadOnlyList<string> Caps) : AspFrame
{
    /// <inheritdoc/>
    public override AspOpcode Opcode => AspOpcode.Hello;

    /// <summary>Key <c>token</c>: the bearer token, when not given on the upgrade request.</summary>
    public string? Token { get; init; }

    /// <summary>Key <c>resume</c>: the resume token of the session to continue.</summary>
    public string? Resume { get; init; }

    /// <summary>Key <c>lastSeq</c>: the last server session sequence number the client processed (with <c>resume</c>).</summary>
    public ulong? LastSeq { get; init; }

    /// <summary>Key <c>role</c>: <c>"client"</c> (default) or <c>"provider"</c> (<see cref="AspRoles"/>).</summary>
    public string? Role { get; init; }

    /// <summary>Key <c>agents</c>: the agent names a provider serves.</summary>
    public IReadOnlyList<string>? Agents { get; init; }

    /// <inheritdoc/>
    public bool Equals(ClientHelloFrame? other) => other is not null && SessionSeq == other.SessionSeq
        && Version == other.Version && Caps.SequenceEqual(other.Caps) && Token == other.Token && Resume == other.Resume
        && LastSeq == other.LastSeq && Role == other.Role
        && (Agents is null ? other.Agents is null : other.Agents is not null && Agents.SequenceEqual(other.Agents));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Version, Caps.Count, Token, Resume, LastSeq, Role);
}
