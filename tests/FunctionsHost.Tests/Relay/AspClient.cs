using System.Buffers;
using System.Net.WebSockets;
using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.FunctionsHost.Tests.Relay;

/// <summary>A raw asp-v1 WebSocket client (subprotocol asp-v1, bearer key), one frame per message.</summary>
public sealed class AspClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[2 * 1024 * 1024];

    public static async Task<AspClient> ConnectAsync(Uri relay, string key)
    {
        var client = new AspClient();
        client._socket.Options.AddSubProtocol("asp-v1");
        client._socket.Options.SetRequestHeader("Authorization", "Bearer " + key);
        var uri = new UriBuilder(relay) { Scheme = "ws", Path = "/v1/agent-socket" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client._socket.ConnectAsync(uri, timeout.Token);
        await client.SendAsync(new ClientHelloFrame(1, ["stream", "tools", "request"]));
        Assert.IsType<ServerHelloFrame>(await client.ReceiveAsync());
        return client;
    }

    public async Task SendAsync(AspFrame frame)
    {
        var buffer = new ArrayBufferWriter<byte>();
        AspV1Protocol.Write(frame, buffer);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Binary, true, timeout.Token);
    }

    public async Task<AspFrame> ReceiveAsync(TimeSpan? wait = null)
    {
        using var timeout = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(20));
        var length = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(_buffer.AsMemory(length), timeout.Token);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            length += result.Count;
            if (result.EndOfMessage) return AspV1Protocol.Parse(_buffer.AsMemory(0, length).ToArray());
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (_socket.State == WebSocketState.Open) await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
        _socket.Dispose();
    }
}
