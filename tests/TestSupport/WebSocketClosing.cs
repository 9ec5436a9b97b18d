using System.Net.WebSockets;

namespace AgentPlatform.TestSupport;

/// <summary>How the tests' socket helpers end a connection: a normal close if still open, never an exception.</summary>
public static class WebSocketClosing
{
    /// <summary>Sends a normal close (at most 2 s) if the socket is open, then disposes it.</summary>
    public static async ValueTask CloseQuietlyAsync(this WebSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Already broken or the peer is gone: nothing left to close.
        }
        socket.Dispose();
    }
}
