using System.Net.WebSockets;

namespace AgentPlatform.Server.Transport;

/// <summary>
/// A client that breaks WebSocket framing (a text frame that is not UTF-8, a bad header or opcode): the .NET WebSocket
/// has already sent its close frame (1007 or 1002) and given up the socket. Ending the request at once closes the TCP
/// connection with the client's next frames still unread, which the kernel answers with a reset — and a reset often
/// destroys the close frame before the client reads it. So a server that sees <see cref="Is"/> keeps the request, and
/// with it the TCP connection, until the client has gone or <see cref="LingerLimit"/> has passed
/// (<see cref="LingerAsync"/>). The WebSocket must not be aborted or disposed before that: either disposes the
/// upgraded stream, which drops the connection just the same. Used by every WebSocket dialect that reads its own
/// socket (ACP, AgentChat).
/// </summary>
public static class ClientFramingError
{
    /// <summary>How long the connection is kept for the client to read the close frame and hang up.</summary>
    public static TimeSpan LingerLimit { get; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// True when <paramref name="exception"/>, thrown by a receive, means the client broke the framing (the socket was
    /// aborted by the WebSocket itself after its close frame), not that the connection dropped or was cancelled.
    /// </summary>
    public static bool Is(Exception exception, WebSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return exception is WebSocketException { WebSocketErrorCode: not WebSocketError.ConnectionClosedPrematurely }
            && socket.State == WebSocketState.Aborted;
    }

    /// <summary>Waits until the client has gone (<paramref name="clientGone"/>, the request's abort), at most <see cref="LingerLimit"/>.</summary>
    public static async Task LingerAsync(TimeProvider time, CancellationToken clientGone)
    {
        ArgumentNullException.ThrowIfNull(time);
        try
        {
            await Task.Delay(LingerLimit, time, clientGone).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client has gone: nothing is left to protect.
        }
    }
}
