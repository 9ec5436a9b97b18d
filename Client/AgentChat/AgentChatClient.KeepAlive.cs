using System.Net.WebSockets;

namespace AgentPlatform.Client.AgentChat;

public sealed partial class AgentChatClient
{
    /// <summary>
    /// Sends a PING every <paramref name="interval"/> while connected, so a quiet listener is not taken for dead by a
    /// server (or proxy) with an idle timeout. Each PING goes through the request lock like any request, so its PONG
    /// can never be mistaken for the answer of another request.
    /// </summary>
    private async Task KeepAliveAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval, _options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_closing.Token).ConfigureAwait(false) && !_receiveLoop.IsCompleted)
            {
                try
                {
                    await PingAsync(_closing.Token).ConfigureAwait(false);
                }
                catch (AgentChatException)
                {
                    // A late ERROR for an earlier frame, or a timeout: the connection itself is judged by the receive loop.
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Closing.
        }
    }
}
