namespace AgentPlatform.Client.AgentSocket;

/// <summary>An asp-v1 ERROR (or a connection failure) surfaced to the application, with its code and retry hint.</summary>
public sealed class AgentSocketException : Exception
{
    /// <summary>The code used when the connection is lost and cannot be resumed.</summary>
    public const string ConnectionLost = "CONNECTION_LOST";

    public AgentSocketException() : this(ConnectionLost, "connection lost", true) { }

    public AgentSocketException(string message) : this(ConnectionLost, message, true) { }

    public AgentSocketException(string message, Exception innerException) : base(message, innerException)
    {
        Code = ConnectionLost;
        Retryable = true;
    }

    public AgentSocketException(string code, string message, bool retryable, Exception? innerException = null) : base(message, innerException)
    {
        Code = code;
        Retryable = retryable;
    }

    /// <summary>The asp-v1 error code (<c>AspErrorCodes</c>) or <see cref="ConnectionLost"/>.</summary>
    public string Code { get; }

    public bool Retryable { get; }

    public string? InvocationId { get; init; }

    /// <summary>
    /// Why the server refused the connection, as it said (e.g. "the access token has expired"); also in
    /// <see cref="Exception.Message"/>. Null when no reason came.
    /// </summary>
    public string? Reason { get; init; }

    /// <summary>The HTTP status of a refused upgrade (401, 403, 503…); null when the refusal was not an HTTP answer.</summary>
    public int? HttpStatus { get; init; }
}
