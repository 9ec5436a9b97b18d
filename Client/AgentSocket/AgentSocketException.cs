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
}
