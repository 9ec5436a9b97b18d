using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Relay.Acp.Agents.Stdio;

/// <summary>
/// A request the agent has not answered yet, by its agent-side id: a client's (with the client's own id to answer
/// with) or the Relay's own initialize (<see cref="Relay"/>).
/// </summary>
internal sealed class ClientRequestInFlight
{
    public StdioAttachment? Attachment { get; init; }

    /// <summary>The client's id, exactly as it sent it (a string stays a string, <c>1.0</c> stays <c>1.0</c>).</summary>
    public JsonNode? ClientId { get; init; }

    public string ClientIdKey { get; init; } = "";

    public string Method { get; init; } = "";

    public string? SessionId { get; init; }

    /// <summary>For a request that bound its session when it passed (session/load): the binding to restore on an error.</summary>
    public bool SessionWasKnown { get; init; }

    public StdioAttachment? PreviousOwner { get; init; }

    /// <summary>The Relay's own request: completed with the agent's response.</summary>
    public TaskCompletionSource<JsonRpcMessage>? Relay { get; init; }
}
