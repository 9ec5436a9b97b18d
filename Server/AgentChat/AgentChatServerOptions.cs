namespace AgentPlatform.Server.AgentChat;

/// <summary>The AgentChat engine's settings (the <c>AgentChat</c> section; docs/operations/configuration.md).</summary>
public sealed class AgentChatServerOptions
{
    /// <summary>The <c>server</c> of WELCOME.</summary>
    public string ServerName { get; set; } = "agentchat";

    public AgentChatIdentityOptions Identity { get; set; } = new();

    public AgentChatRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Largest frame; a larger one closes the connection with 1009.</summary>
    public int MaxFrameBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Largest frame before the agent is identified (an IDENTIFY is a few hundred bytes); larger closes with 1009.</summary>
    public int PreAuthMaxFrameBytes { get; set; } = 16 * 1024;

    /// <summary>Frames an unidentified connection may send per <see cref="PreAuthWindow"/>; more closes it with 1008.</summary>
    public int PreAuthMaxFrames { get; set; } = 10;

    public TimeSpan PreAuthWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A connection that sends nothing for this long is closed (1001). Off (null) by default: 0.7.0 has no idle
    /// timeout and its clients send no PINGs, so a quiet listener or daemon must not be dropped.
    /// </summary>
    public TimeSpan? IdleTimeout { get; set; }

    /// <summary>
    /// A connection that has not sent IDENTIFY this long after its upgrade gets ERROR AUTH_REQUIRED and is closed (1008):
    /// a silent socket must not hold a place for ever (a pending CHALLENGE has its own <c>Identity:ChallengeTimeout</c>).
    /// </summary>
    public TimeSpan IdentifyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>WebSocket protocol pings, which keep the connection alive through proxies (and count as no activity).</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Channel messages a joiner receives as <c>replay: true</c>.</summary>
    public int ReplayCount { get; set; } = 20;

    /// <summary>Most channels the server keeps (CREATE_CHANNEL beyond it is refused).</summary>
    public int MaxChannels { get; set; } = 1000;

    /// <summary>Invitations an invite-only channel records; more INVITEs are refused (INVALID_MSG).</summary>
    public int MaxInvitesPerChannel { get; set; } = 1000;

    /// <summary>Most proposals kept in memory; finished and expired ones are dropped first.</summary>
    public int MaxProposals { get; set; } = 10_000;

    /// <summary>Frames queued to one slow client before it is closed (1008).</summary>
    public int MaxQueuedFrames { get; set; } = 4096;

    /// <summary>Bytes queued to one slow client before it is closed (1008).</summary>
    public long MaxQueuedBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Open sockets the server serves at once; one more is closed at once with 1013 (try again later).</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>Log message contents (research use); off by default, and only ids, types and sizes are logged.</summary>
    public bool LogMessages { get; set; }
}
