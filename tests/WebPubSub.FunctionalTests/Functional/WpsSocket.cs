using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using AgentPlatform.TestSupport;

namespace AgentPlatform.WebPubSub.FunctionalTests.Functional;

/// <summary>A raw WebSocket client for exact-frame checks: sends text, receives frames as parsed JSON or raw text.</summary>
public sealed class WpsSocket : IAsyncDisposable
{
    private WpsSocket(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    public static async Task<WpsSocket> ConnectAsync(Uri uri, params string[] subprotocols)
    {
        var socket = new ClientWebSocket();
        foreach (var p in subprotocols) socket.Options.AddSubProtocol(p);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(uri, cts.Token);
        return new WpsSocket(socket);
    }

    public Task SendAsync(string text) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next frame as text; null when the server closed.</summary>
    public async Task<string?> ReceiveTextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var ms = new MemoryStream();
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            ms.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return Encoding.UTF8.GetString(ms.ToArray());
        }
    }

    public async Task<JsonElement> ReceiveJsonAsync(TimeSpan? timeout = null)
    {
        var text = await ReceiveTextAsync(timeout) ?? throw new InvalidOperationException("the server closed the socket");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>Reads frames until one satisfies <paramref name="match"/>.</summary>
    public async Task<JsonElement> ReceiveUntilAsync(Func<JsonElement, bool> match, int maxFrames = 100)
    {
        for (var i = 0; i < maxFrames; i++)
        {
            var frame = await ReceiveJsonAsync();
            if (match(frame)) return frame;
        }
        throw new InvalidOperationException("no matching frame");
    }

    public ValueTask DisposeAsync() => Socket.CloseQuietlyAsync();
}
