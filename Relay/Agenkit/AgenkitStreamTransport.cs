using System.Net.Sockets;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>The core's writer for one agenkit socket: frames arrive complete (header and body) and are written as they are.</summary>
internal sealed class AgenkitStreamTransport(Stream stream, Socket socket) : IFrameTransport
{
    public async ValueTask SendAsync(OutboundFrame frame, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(frame.Payload, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask CloseAsync(int code, string reason, CancellationToken cancellationToken)
    {
        // No closing handshake in agenkit: the peer sees end of stream after the last frame (an error explaining it, if any).
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Gone already.
        }
        Abort();
        return ValueTask.CompletedTask;
    }

    public void Abort()
    {
        try
        {
            stream.Dispose();
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            // A TLS stream may fail to send its close_notify on a dead socket.
        }
        socket.Dispose();
    }
}
