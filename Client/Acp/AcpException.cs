using System.Text.Json.Nodes;

namespace AgentPlatform.Client.Acp;

/// <summary>
/// A JSON-RPC error answered by the agent (<see cref="Code"/>, <see cref="Data"/>), or the connection failing
/// (<see cref="Code"/> null). A request handler throws it to answer the agent with that error.
/// </summary>
public sealed class AcpException : Exception
{
    public AcpException()
    {
    }

    public AcpException(string message) : base(message)
    {
    }

    public AcpException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public AcpException(int code, string message, JsonNode? data = null) : base(message)
    {
        Code = code;
        Data = data;
    }

    /// <summary>The JSON-RPC error code; null when the connection failed rather than the agent answering.</summary>
    public int? Code { get; }

    /// <summary>The error's <c>data</c>, when the agent sent one.</summary>
    public new JsonNode? Data { get; }

    /// <summary>
    /// Why the server refused the connection, as it said (e.g. "the access token has expired"); also in
    /// <see cref="Exception.Message"/>. Null when no reason came.
    /// </summary>
    public string? Reason { get; init; }

    /// <summary>The HTTP status of a refused upgrade (401, 403, 404…); null otherwise.</summary>
    public int? HttpStatus { get; init; }
}
