namespace AgentPlatform.Relay.Limits;

/// <summary>
/// Admission and handshake limits of one Relay process, across every dialect (section <c>Relay:Limits</c>, beside the
/// asp-v1 per-connection limits of the same section; docs/operations/limits.md). Read and validated at start.
/// </summary>
public sealed record RelayLimitsOptions
{
    public const string Section = "Relay:Limits";

    /// <summary>Dialect connections (WebSocket, SSE streams and HTTP requests in flight, agenkit sockets) at once; one more: 503.</summary>
    public int MaxConnections { get; set; } = 50_000;

    /// <summary>Connections at once from one remote address; one more: 429. Above the 10,000 idle sockets Platform.Bench opens from loopback.</summary>
    public int MaxConnectionsPerClient { get; set; } = 20_000;

    /// <summary>Connections at once of one user id, when an <see cref="IAdmissionIdentity"/> names one; one more: 429.</summary>
    public int MaxConnectionsPerUser { get; set; } = 20_000;

    /// <summary>HTTP requests per second from one remote address to the dialect endpoints (token bucket); beyond: 429.</summary>
    public double RequestsPerSecondPerClient { get; set; } = 5_000;

    /// <summary>Burst of the per-client request bucket.</summary>
    public int RequestBurstPerClient { get; set; } = 10_000;

    /// <summary>Retry-After of a 503 (global ceiling).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Kestrel: the longest a client may take to send the request line and headers (slowloris on upgrades).</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Kestrel: a request body slower than this many bytes per second (after <see cref="MinRequestBodyGracePeriod"/>) is cut: 408.</summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 240;

    /// <summary>Kestrel: how long a body may be slower than <see cref="MinRequestBodyBytesPerSecond"/> before it is cut.</summary>
    public TimeSpan MinRequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Kestrel: the largest request body (413 beyond); endpoints with a lower limit of their own (Acp:MaxMessageBytes) apply it first.</summary>
    public long MaxRequestBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// The first protocol message after the upgrade or accept (ACP <c>initialize</c> on a WebSocket, the first agenkit frame
    /// and its TLS handshake) must arrive within this; asp-v1 keeps its HELLO timeout, AgentChat its <c>AgentChat:IdentifyTimeout</c>.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
