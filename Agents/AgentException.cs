using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.Agents;

/// <summary>Thrown by an agent to end its invocation with an asp-v1 ERROR of the given code.</summary>
public sealed class AgentException : Exception
{
    public AgentException() : this(AspErrorCodes.Internal, "agent failed") { }

    public AgentException(string message) : this(AspErrorCodes.Internal, message) { }

    public AgentException(string message, Exception innerException) : base(message, innerException) => Code = AspErrorCodes.Internal;

    public AgentException(string code, string message, bool retryable = false) : base(message)
    {
        Code = code;
        Retryable = retryable;
    }

    /// <summary>The asp-v1 error code (<see cref="AspErrorCodes"/>).</summary>
    public string Code { get; }

    public bool Retryable { get; }
}
