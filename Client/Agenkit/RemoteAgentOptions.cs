using System.Net.Security;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Client.Agenkit;

/// <summary>How a <see cref="RemoteAgent"/> (and the connection pool under it) connects, times out and retries.</summary>
public sealed class RemoteAgentOptions
{
    /// <summary>Deadline of one attempt of one call, from send to the last frame (seed 003: 30 s). A stream's deadline restarts with every chunk.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadline for opening a connection (and negotiating its codec).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per call, the first included (seed 003 §7.3: 3). Only retryable codes are retried.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before the first retry; doubled each time up to <see cref="MaxBackoff"/>, with ±25 % jitter.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most connections the pool opens to one endpoint.</summary>
    public int MaxConnections { get; set; } = 4;

    /// <summary>Calls in flight on one connection before the pool opens another (while under <see cref="MaxConnections"/>).</summary>
    public int PipelineDepth { get; set; } = 32;

    /// <summary>Largest frame body sent or accepted (seed 003: 10 MB); an announced length over it closes the connection unread.</summary>
    public int MaxFrameBytes { get; set; } = AgenkitProtocol.DefaultMaxFrameBytes;

    /// <summary>
    /// The encoding asked for on each new connection. <see cref="AgenkitCodec.MessagePack"/> is the negotiated extension
    /// (docs/protocol/agenkit.md); a peer that does not speak it keeps the connection on JSON.
    /// </summary>
    public AgenkitCodec Codec { get; set; } = AgenkitCodec.Json;

    /// <summary>TLS for <c>tcp://</c> endpoints; null is plain TCP. Unix sockets never use TLS.</summary>
    public SslClientAuthenticationOptions? Tls { get; set; }

    /// <summary>
    /// A platform access token (<c>AccessTokens.Create</c>, or <c>POST /v1/tokens</c>) sent with every frame, in
    /// <c>message.metadata.authorization</c> of a request and <c>metadata.authorization</c> of a register, heartbeat or
    /// unregister (docs/protocol/agenkit.md, "Security"). The Relay needs one over TCP outside Development; its roles
    /// decide which agents the connection may call or register. Null sends none.
    /// </summary>
    public string? AccessToken { get; set; }

    /// <summary>
    /// Called for every frame instead of reading <see cref="AccessToken"/> (mint a short-lived token from the key, so a
    /// pooled connection outlives any one token); null uses <see cref="AccessToken"/>.
    /// </summary>
    public Func<string?>? AccessTokenFactory { get; set; }

    /// <summary>The token to send now, if any.</summary>
    internal string? CurrentAccessToken() => AccessTokenFactory is { } factory ? factory() : AccessToken;

    /// <summary>Stream chunks buffered per call before the connection's reader waits for the consumer.</summary>
    public int StreamBuffer { get; set; } = 1024;

    /// <summary>Throws when a value is out of range, so a bad option fails at construction, not at the first call.</summary>
    public void Validate()
    {
        Positive(Timeout, nameof(Timeout));
        Positive(ConnectTimeout, nameof(ConnectTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialBackoff, TimeSpan.Zero, nameof(InitialBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, InitialBackoff, nameof(MaxBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1, nameof(MaxConnections));
        ArgumentOutOfRangeException.ThrowIfLessThan(PipelineDepth, 1, nameof(PipelineDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFrameBytes, 64, nameof(MaxFrameBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(StreamBuffer, 1, nameof(StreamBuffer));
        if (!Enum.IsDefined(Codec)) throw new ArgumentOutOfRangeException(nameof(Codec), Codec, "unknown codec");
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero && value != System.Threading.Timeout.InfiniteTimeSpan) throw new ArgumentOutOfRangeException(name, value, "must be positive");
    }
}
