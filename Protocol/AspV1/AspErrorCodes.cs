namespace AgentPlatform.Protocol.AspV1;

/// <summary>
/// The <c>code</c> values of ERROR frames (docs/protocol/asp-v1.md, "Error codes"), with the default
/// <c>retryable</c> flag each carries and the WebSocket close code when the error ends the connection.
/// </summary>
public static class AspErrorCodes
{
    /// <summary>The message is not a well-formed frame (unknown opcode, bad MessagePack, missing or mistyped field). Closes with 1002.</summary>
    public const string BadFrame = "BAD_FRAME";
    /// <summary>HELLO asked for a protocol version the server does not speak. Closes with 1002.</summary>
    public const string UnsupportedVersion = "UNSUPPORTED_VERSION";
    /// <summary>The token is missing, invalid or expired. Closes with 1008.</summary>
    public const string Unauthorized = "UNAUTHORIZED";
    /// <summary>The token is valid but its roles do not allow this (INVOKE of that agent, providing those agents). Not retryable.</summary>
    public const string Forbidden = "FORBIDDEN";
    /// <summary>No agent of that name is registered.</summary>
    public const string UnknownAgent = "UNKNOWN_AGENT";
    /// <summary>A message exceeded maxFrame. Closes with 1009.</summary>
    public const string FrameTooLarge = "FRAME_TOO_LARGE";
    /// <summary>The connection has as many invocations in flight as allowed; retry after one completes.</summary>
    public const string TooManyInvocations = "TOO_MANY_INVOCATIONS";
    /// <summary>Too many frames per unit of time; retry after <c>retryAfterMs</c>.</summary>
    public const string RateLimited = "RATE_LIMITED";
    /// <summary>An INVOKE reused the id of an invocation still in flight.</summary>
    public const string DuplicateId = "DUPLICATE_ID";
    /// <summary>INTERRUPT or REPLY named an invocation (or request) that is not in flight.</summary>
    public const string UnknownInvocation = "UNKNOWN_INVOCATION";
    /// <summary>The invocation ended because it was interrupted.</summary>
    public const string Interrupted = "INTERRUPTED";
    /// <summary>The invocation outlived its deadline.</summary>
    public const string Timeout = "TIMEOUT";
    /// <summary>The function behind a relay-mode agent could not be reached or answered 429/5xx.</summary>
    public const string FunctionUnavailable = "FUNCTION_UNAVAILABLE";
    /// <summary>The function answered something that breaks the Relay-Functions contract.</summary>
    public const string FunctionProtocol = "FUNCTION_PROTOCOL";
    /// <summary>The session context changed concurrently and the agent could not reconcile it.</summary>
    public const string Conflict = "CONFLICT";
    /// <summary>The agent rejected the input.</summary>
    public const string BadInput = "BAD_INPUT";
    /// <summary>An unexpected server failure.</summary>
    public const string Internal = "INTERNAL";
    /// <summary>The resume token is unknown or expired, or the replay buffer no longer holds lastSeq+1. Closes with 1008.</summary>
    public const string ResumeFailed = "RESUME_FAILED";
    /// <summary>No HELLO, or no traffic and no pong, within the allowed time. Closes with 4000.</summary>
    public const string IdleTimeout = "IDLE_TIMEOUT";

    /// <summary>Every code this version defines.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        BadFrame, UnsupportedVersion, Unauthorized, UnknownAgent, FrameTooLarge, TooManyInvocations, RateLimited,
        DuplicateId, UnknownInvocation, Interrupted, Timeout, FunctionUnavailable, FunctionProtocol, Conflict,
        BadInput, Internal, ResumeFailed, IdleTimeout, Forbidden,
    ];

    /// <summary>The <c>retryable</c> flag the specification gives <paramref name="code"/> (false for unknown codes).</summary>
    public static bool IsRetryable(string code) => code is TooManyInvocations or RateLimited or Timeout
        or FunctionUnavailable or FunctionProtocol or Conflict or Internal or IdleTimeout;

    /// <summary>
    /// The WebSocket close code that follows an ERROR with <paramref name="code"/> when it is a connection-level
    /// error, or null when the error ends only an invocation and the connection stays open.
    /// </summary>
    public static int? CloseCodeFor(string code) => code switch
    {
        BadFrame or UnsupportedVersion => CloseCodes.ProtocolError,
        Unauthorized or ResumeFailed => CloseCodes.PolicyViolation,
        FrameTooLarge => CloseCodes.MessageTooBig,
        IdleTimeout => CloseCodes.IdleTimeout,
        _ => null,
    };
}
