namespace AgentPlatform.Server.Limits;

/// <summary>Limits of one asp-v1 connection (the Relay binds it from Relay:Limits).</summary>
public sealed record ConnectionLimits
{
    /// <summary>Largest frame accepted or sent: 1 MiB. A bigger frame closes the connection with 1009.</summary>
    public int MaxFrameBytes { get; init; } = 1024 * 1024;

    /// <summary>Invocations in flight per connection; one more gets ERROR TOO_MANY_INVOCATIONS.</summary>
    public int MaxConcurrentInvocations { get; init; } = 64;

    /// <summary>Token bucket: frames per second refilled.</summary>
    public double FramesPerSecond { get; init; } = 1000;

    /// <summary>Token bucket: burst size.</summary>
    public int FrameBurst { get; init; } = 2000;

    /// <summary>No frame from the client (and nothing in flight) for this long: ERROR IDLE_TIMEOUT, close 4000.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>WebSocket ping interval; a pong missing for <see cref="PongTimeout"/> drops the connection.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan PongTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Malformed frames tolerated (each answered with ERROR) before the connection is closed with 1002.</summary>
    public int MaxMalformedFrames { get; init; } = 3;

    /// <summary>Rate-limited frames tolerated (each answered with ERROR RATE_LIMITED) before closing with 1008.</summary>
    public int MaxRateLimitViolations { get; init; } = 50;
}
