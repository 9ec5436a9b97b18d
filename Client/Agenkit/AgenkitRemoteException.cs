using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Client.Agenkit;

/// <summary>
/// An agenkit <c>error</c> envelope from the peer, or a local failure named with one of the seed's codes
/// (CONNECTION_FAILED, CONNECTION_CLOSED, AGENT_TIMEOUT…), with whether a retry may succeed.
/// </summary>
public sealed class AgenkitRemoteException : Exception
{
    public AgenkitRemoteException() : this(AgenkitErrorCodes.InternalError, "agenkit call failed") { }

    public AgenkitRemoteException(string message) : this(AgenkitErrorCodes.InternalError, message) { }

    public AgenkitRemoteException(string message, Exception innerException) : this(AgenkitErrorCodes.InternalError, message, null, innerException) { }

    public AgenkitRemoteException(string code, string message, JsonObject? details = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Details = details;
    }

    /// <summary>The <c>error_code</c> (<see cref="AgenkitErrorCodes"/>).</summary>
    public string Code { get; }

    /// <summary>The <c>error_details</c>, when the peer sent any.</summary>
    public JsonObject? Details { get; }

    /// <summary>True for the codes a caller may retry with backoff (<see cref="AgenkitErrorCodes.IsRetryable"/>).</summary>
    public bool Retryable => AgenkitErrorCodes.IsRetryable(Code);

    /// <summary>Builds the exception for an <c>error</c> envelope's payload.</summary>
    public static AgenkitRemoteException FromError(AgenkitError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new AgenkitRemoteException(error.Code, error.Message, error.Details);
    }
}
