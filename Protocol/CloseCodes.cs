namespace AgentPlatform.Protocol;

/// <summary>The WebSocket close codes every endpoint of the platform uses (RFC 6455 section 7.4.1, plus one application code).</summary>
public static class CloseCodes
{
    /// <summary>The client said goodbye, or the server ends a finished session.</summary>
    public const int Normal = 1000;
    /// <summary>The server is shutting down or draining; reconnect (and resume) elsewhere.</summary>
    public const int GoingAway = 1001;
    /// <summary>BAD_FRAME, UNSUPPORTED_VERSION, a text message, or a frame out of order (e.g. INVOKE before HELLO).</summary>
    public const int ProtocolError = 1002;
    /// <summary>UNAUTHORIZED or RESUME_FAILED.</summary>
    public const int PolicyViolation = 1008;
    /// <summary>FRAME_TOO_LARGE.</summary>
    public const int MessageTooBig = 1009;
    /// <summary>INTERNAL at connection level.</summary>
    public const int InternalError = 1011;
    /// <summary>The server is overloaded or a dependency is down; try again later.</summary>
    public const int TryAgainLater = 1013;
    /// <summary>IDLE_TIMEOUT: no HELLO in time, or the peer stopped answering pings (application range 4000-4999).</summary>
    public const int IdleTimeout = 4000;
}
