using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>
/// The agenkit listener (section <c>Relay:Agenkit</c>, docs/operations/configuration.md). Off unless a socket path
/// or a TCP port is configured; AppHost configures both.
/// </summary>
public sealed record AgenkitOptions
{
    public const string Section = "Relay:Agenkit";

    /// <summary>Unix socket path; its directory is created 0700 and the socket made 0600. Null: no Unix listener.</summary>
    public string? UnixSocket { get; init; }

    /// <summary>TCP port (0 = any free port). Null: no TCP listener.</summary>
    public int? TcpPort { get; init; }

    /// <summary>Address the TCP listener binds; loopback unless set.</summary>
    public string TcpHost { get; init; } = "127.0.0.1";

    /// <summary>PEM certificate (or PFX) path; when set, TCP connections are TLS.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>PEM private key path (with a PEM certificate), or the PFX password is <see cref="CertificatePassword"/>.</summary>
    public string? CertificateKeyPath { get; init; }

    /// <summary>Password of a PFX certificate.</summary>
    public string? CertificatePassword { get; init; }

    /// <summary>Largest frame body accepted or sent (the seed's 10 MB).</summary>
    public int MaxFrameBytes { get; init; } = AgenkitProtocol.DefaultMaxFrameBytes;

    /// <summary>Connections at once (the seed's MAX_CONCURRENT_CONNECTIONS); one more is closed at once.</summary>
    public int MaxConnections { get; init; } = 100;

    /// <summary>Requests in flight per connection; one more is answered AGENT_UNAVAILABLE.</summary>
    public int MaxInFlight { get; init; } = 64;

    /// <summary>The longest a request may run (the seed's REQUEST_TIMEOUT); then AGENT_TIMEOUT.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A connection with nothing in flight and no frame for this long is closed (agenkit's LocalAgent: 60 s).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Heartbeat interval told to agents that register (the seed's 30 s).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A registered agent silent for longer is pruned (the seed's 90 s).</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How often silent agents are looked for.</summary>
    public TimeSpan PruneInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether the MessagePack codec is offered to clients that negotiate it (off by default).</summary>
    public bool MessagePack { get; init; }

    /// <summary>
    /// Whether TCP connections must present a platform access token (docs/protocol/agenkit.md, "Security"). Unset =
    /// true outside Development, false in Development (resolved at start). Unix peers are trusted by the socket's mode.
    /// </summary>
    public bool? RequireToken { get; init; }

    /// <summary>True when at least one listener is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(UnixSocket) || TcpPort is not null;
}
