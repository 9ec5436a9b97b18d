using System.Net.WebSockets;

namespace AgentPlatform.Server.Transport;

/// <summary>A WebSocket as a frame transport: one frame is one WebSocket message.</summary>
public sealed class WebSocketFrameTransport(WebSocket socket) : IFrameTransport
{
    public WebSocket Socket { get; } = socket;

    public ValueTask SendAsync(OutboundFrame frame, CancellationToken cancellationToken) =>
        Socket.SendAsync(frame.Payload,
            frame.Type == FrameType.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary,
            endOfMessage: true, cancellationToken);

    public async ValueTask CloseAsync(int code, string reason, CancellationToken cancellationToken)
    {
        if (Socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        try
        {
            // CloseOutput, not Close: the read loop owns receiving and sees the peer's close frame itself.
            await Socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException)
        {
            Socket.Abort();
        }
        catch (OperationCanceledException)
        {
            Socket.Abort();
        }
    }

    public void Abort() => Socket.Abort();
}
