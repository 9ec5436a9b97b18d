using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Relay.Acp.Agents;

/// <summary>The client end of an attachment: one ACP connection over WebSocket or Streamable HTTP.</summary>
public interface IAcpClientPeer
{
    /// <summary>The <c>Acp-Connection-Id</c>.</summary>
    string ConnectionId { get; }

    /// <summary>Who authenticated the connection (null with the shared development key).</summary>
    string? UserId { get; }

    /// <summary>
    /// Sends one message to the client: a response to one of its requests (with the client's own id), or a request or
    /// notification from the agent (a request's id is the attachment's choice, unique on this connection). True when it
    /// was sent or kept for the client (the replay extension keeps session notifications while a client is away); false
    /// when the connection is gone and nothing was kept, and then an agent's request must be answered by the attachment
    /// (an error) so the agent does not wait forever. Never throws but for cancellation.
    /// </summary>
    ValueTask<bool> SendAsync(JsonRpcMessage message, CancellationToken cancellationToken = default);

    /// <summary>The agent is gone for good (crashed and could not restart): the connection closes with <paramref name="reason"/>.</summary>
    void Fail(string reason);
}
