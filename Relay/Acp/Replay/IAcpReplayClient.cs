using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Relay.Acp.Replay;

/// <summary>A client connection as the replay store sees it: who it is, whether it is gone, how to hand it a message.</summary>
public interface IAcpReplayClient
{
    string ConnectionId { get; }

    string? UserId { get; }

    /// <summary>The attachment's <see cref="Agents.IAcpAttachment.SessionScope"/>: a log is only ever shared within one scope.</summary>
    string SessionScope { get; }

    /// <summary>True once the connection ended (its notifications are only kept from then on).</summary>
    bool IsDropped { get; }

    /// <summary>Queues a message for the client, synchronously and in call order; false when it could not be queued.</summary>
    bool Deliver(JsonRpcMessage message);
}
