using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Relay.Acp.Agents;

/// <summary>
/// One client connection attached to an agent. The transport hands it every message the client sends after
/// <c>initialize</c>; the attachment answers through its <see cref="IAcpClientPeer"/>. It owns the sessions the client
/// created or loaded: their updates and the agent's requests about them reach this client only.
/// </summary>
public interface IAcpAttachment : IAsyncDisposable
{
    /// <summary>The <c>result</c> of this client's initialize response (the transport sends it with the client's id).</summary>
    JsonObject InitializeResult { get; }

    /// <summary>
    /// Where this attachment's session ids are unique: the agent's name plus, for an agent whose ids can repeat (a
    /// restarted stdio process), its instance. Two attachments with the same scope see the same sessions; the replay
    /// extension keys its logs by scope and session id so that equal ids of different agents never meet.
    /// </summary>
    string SessionScope { get; }

    /// <summary>
    /// A request, a notification or a response (to a request the agent sent this client). Errors the client caused are
    /// answered as JSON-RPC errors through the peer; this throws only for cancellation.
    /// </summary>
    ValueTask ReceiveAsync(JsonRpcMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Makes this attachment the owner of <paramref name="sessionId"/>, which the agent already knows (the replay
    /// extension's resume on a new connection). False when the agent does not know the session.
    /// </summary>
    ValueTask<bool> AdoptSessionAsync(string sessionId, CancellationToken cancellationToken);
}
