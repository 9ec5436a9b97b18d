using System.Net.WebSockets;
using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.Client.Tests.AgentSocket;

/// <summary>asp-v1 frame by frame on a plain ClientWebSocket, to see exactly what a host sends (and how it closes).</summary>
internal sealed class RawAspSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<RawAspSocket> OpenAsync(Uri url, string? token)
    {
        var raw = new RawAspSocket();
        raw._socket.Options.AddSubProtocol(AspV1Protocol.SubProtocol);
        if (token is not null) raw._socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        await raw._socket.ConnectAsync(url, TestContext.Current.CancellationToken);
        await raw.SendAsync(new ClientHelloFrame(AspV1Protocol.Version, [AspCapabilities.Stream]));
        Assert.IsType<ServerHelloFrame>(await raw.ReceiveAsync());
        return raw;
    }

    public Task SendAsync(AspFrame frame) => SendRawAsync(AspV1Protocol.ToArray(frame));

    public async Task SendRawAsync(byte[] bytes) =>
        await _socket.SendAsync(bytes, WebSocketMessageType.Binary, true, TestContext.Current.CancellationToken);

    /// <summary>The next frame; null once the host closed.</summary>
    public async Task<AspFrame?> ReceiveAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        var buffer = new byte[1 << 16];
        var length = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            length += result.Count;
            if (result.EndOfMessage) return AspV1Protocol.Parse(buffer.AsMemory(0, length));
        }
    }

    /// <summary>Reads until the host closes; returns what came before.</summary>
    public async Task<List<AspFrame>> UntilClosedAsync()
    {
        var frames = new List<AspFrame>();
        while (await ReceiveAsync() is { } frame) frames.Add(frame);
        return frames;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }
        _socket.Dispose();
    }
}
