namespace AgentPlatform.Server.Transport;

/// <summary>The socket under a connection: the core writes whole frames to it, one writer at a time.</summary>
public interface IFrameTransport
{
    /// <summary>Writes one complete frame.</summary>
    ValueTask SendAsync(OutboundFrame frame, CancellationToken cancellationToken);

    /// <summary>Closes gracefully with a protocol close code (WebSocket close codes for WebSocket transports).</summary>
    ValueTask CloseAsync(int code, string reason, CancellationToken cancellationToken);

    /// <summary>Drops the socket at once, without a closing handshake.</summary>
    void Abort();
}
