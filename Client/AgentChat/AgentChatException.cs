namespace AgentPlatform.Client.AgentChat;

/// <summary>An AgentChat failure: the server's ERROR code (<c>NOT_INVITED</c>, <c>RATE_LIMITED</c>…) or one of the client's own (<see cref="Disconnected"/>, <see cref="Timeout"/>).</summary>
public sealed class AgentChatException : Exception
{
    /// <summary>The connection closed before the answer came.</summary>
    public const string Disconnected = "DISCONNECTED";

    /// <summary>The server did not answer in time.</summary>
    public const string Timeout = "TIMEOUT";

    public AgentChatException() : this("ERROR", "AgentChat error") { }

    public AgentChatException(string message) : this("ERROR", message) { }

    public AgentChatException(string message, Exception innerException) : base(message, innerException) => Code = "ERROR";

    public AgentChatException(string code, string message) : base(message) => Code = code;

    /// <summary>The error code.</summary>
    public string Code { get; } = "ERROR";

    /// <summary>Why the server refused the WebSocket upgrade, as it said; also in <see cref="Exception.Message"/>. Null when no reason came.</summary>
    public string? Reason { get; init; }

    /// <summary>The HTTP status of a refused upgrade (403, 503…); null when the failure was not an HTTP answer.</summary>
    public int? HttpStatus { get; init; }
}
