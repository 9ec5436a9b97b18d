namespace AgentPlatform.Protocol.AspV1;

/// <summary>WebSocket close codes an asp-v1 endpoint uses (RFC 6455 section 7.4, plus one application code).</summary>
public static class AspCloseCodes
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
    /// <summary>IDLE_TIMEOUT: no HELLO in time, or the peer stopped answering pings (application range 4000-4999).</summary>
    public const int IdleTimeout = 4000;
}
