namespace AgentPlatform.Protocol.Agenkit;

/// <summary>
/// The <c>error_code</c> values (docs/protocol/agenkit.md, "Error codes"): the seed's thirteen, plus
/// INTERNAL_ERROR (what agenkit's own server sends for a failure it did not classify) and MESSAGE_TOO_LARGE
/// (the seed sets a size limit but names no code for it).
/// </summary>
public static class AgenkitErrorCodes
{
    public const string ConnectionFailed = "CONNECTION_FAILED";
    public const string ConnectionTimeout = "CONNECTION_TIMEOUT";
    public const string ConnectionClosed = "CONNECTION_CLOSED";

    /// <summary>The envelope is JSON but not a valid envelope: a field missing or mistyped, an unknown type. Closes the connection.</summary>
    public const string InvalidMessage = "INVALID_MESSAGE";
    /// <summary>The envelope's <c>version</c> is not "1.0". Closes the connection.</summary>
    public const string UnsupportedVersion = "UNSUPPORTED_VERSION";
    /// <summary>The body is not UTF-8 JSON (or not MessagePack once negotiated), or a payload lacks what its type needs.</summary>
    public const string MalformedPayload = "MALFORMED_PAYLOAD";

    public const string AgentNotFound = "AGENT_NOT_FOUND";
    public const string AgentUnavailable = "AGENT_UNAVAILABLE";
    public const string AgentTimeout = "AGENT_TIMEOUT";

    public const string ToolNotFound = "TOOL_NOT_FOUND";
    public const string ToolExecutionFailed = "TOOL_EXECUTION_FAILED";

    public const string RegistrationFailed = "REGISTRATION_FAILED";
    public const string DuplicateAgent = "DUPLICATE_AGENT";

    /// <summary>Not in the seed: agenkit's server sends it for an unclassified failure; here, an agent's own error.</summary>
    public const string InternalError = "INTERNAL_ERROR";
    /// <summary>Not in the seed: a frame announced a length over the receiver's limit; sent before the body is read, then the connection closes.</summary>
    public const string MessageTooLarge = "MESSAGE_TOO_LARGE";

    /// <summary>The codes a client may retry with backoff: the transport failed or the agent was briefly away.</summary>
    public static bool IsRetryable(string? code) => code is ConnectionFailed or ConnectionTimeout or ConnectionClosed or AgentUnavailable or AgentTimeout;
}
