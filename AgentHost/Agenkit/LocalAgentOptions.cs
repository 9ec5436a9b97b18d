using System.Security.Cryptography.X509Certificates;
using AgentPlatform.Agents;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.AgentHost.Agenkit;

/// <summary>How a <see cref="LocalAgent"/> listens, limits its peers and (optionally) registers itself.</summary>
public sealed class LocalAgentOptions
{
    /// <summary>Where to listen: <c>unix:///path/agent.sock</c> or <c>tcp://127.0.0.1:port</c> (port 0 picks a free one).</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>Largest frame body accepted or sent (seed 003: 10 MB). A longer announced length is refused before its body is read.</summary>
    public int MaxFrameBytes { get; set; } = AgenkitProtocol.DefaultMaxFrameBytes;

    /// <summary>Connections served at once (seed 003 §8.4: 100); one more is told CONNECTION_FAILED (id "unknown") and closed.</summary>
    public int MaxConnections { get; set; } = 100;

    /// <summary>Requests in flight on one connection; one more is answered AGENT_UNAVAILABLE.</summary>
    public int MaxInFlightPerConnection { get; set; } = 256;

    /// <summary>Deadline of one request (seed 003 §8.4: 30 s); past it the agent is cancelled and the caller gets AGENT_TIMEOUT.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A connection with no request in flight and no frame for this long is closed (agenkit's LocalAgent: 60 s).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A write that cannot complete for this long means the peer stopped reading (a slow reader): its connection
    /// is closed, so it holds neither the agent nor memory.
    /// </summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Offer the MessagePack codec to clients that negotiate it (docs/protocol/agenkit.md); off by default, as on the Relay.</summary>
    public bool AllowMessagePack { get; set; }

    /// <summary>TLS for <c>tcp://</c> endpoints (seed 003 §8.2); null is plain TCP.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>Where session contexts live; the process is the session's home, so memory is the default.</summary>
    public IContextStore ContextStore { get; set; } = new InMemoryContextStore();

    /// <summary>A registry to register with over the wire (the Relay's agenkit listener); null registers nowhere.</summary>
    public string? Registry { get; set; }

    /// <summary>
    /// The platform access token sent to <see cref="Registry"/> with each register, heartbeat and unregister (called per
    /// frame, so it can mint a fresh short-lived <c>agent.provide.&lt;agent&gt;</c> token from the key); null sends none,
    /// which a Relay accepts on its Unix socket and, in Development, over TCP.
    /// </summary>
    public Func<string?>? RegistryAccessToken { get; set; }

    /// <summary>The endpoint the registry hands to callers; defaults to the one listened on.</summary>
    public string? AdvertisedEndpoint { get; set; }

    /// <summary>Heartbeat period (seed 003 §4.4: 30 s); after a failure the next try comes after <see cref="HeartbeatRetry"/>.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan HeartbeatRetry { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws when a value is out of range, so that a bad option fails at start, not at the first connection.</summary>
    public void Validate()
    {
        if (!AgenkitEndpointText.IsValid(Endpoint)) throw new ArgumentException("Endpoint must be unix:///path or tcp://host:port: " + Endpoint, nameof(Endpoint));
        if (Registry is not null && !AgenkitEndpointText.IsValid(Registry)) throw new ArgumentException("Registry must be unix:///path or tcp://host:port: " + Registry, nameof(Registry));
        if (AdvertisedEndpoint is not null && !AgenkitEndpointText.IsValid(AdvertisedEndpoint))
        {
            throw new ArgumentException("AdvertisedEndpoint must be unix:///path or tcp://host:port: " + AdvertisedEndpoint, nameof(AdvertisedEndpoint));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFrameBytes, 64, nameof(MaxFrameBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1, nameof(MaxConnections));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlightPerConnection, 1, nameof(MaxInFlightPerConnection));
        foreach (var (value, name) in new[] { (RequestTimeout, nameof(RequestTimeout)), (IdleTimeout, nameof(IdleTimeout)), (WriteTimeout, nameof(WriteTimeout)),
                     (HeartbeatInterval, nameof(HeartbeatInterval)), (HeartbeatRetry, nameof(HeartbeatRetry)) })
        {
            if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan) throw new ArgumentOutOfRangeException(name, value, "must be positive");
        }
        ArgumentNullException.ThrowIfNull(ContextStore, nameof(ContextStore));
    }
}
