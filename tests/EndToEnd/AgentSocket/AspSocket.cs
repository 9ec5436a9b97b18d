using System.Buffers;
using System.Net.WebSockets;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.TestSupport;

namespace AgentPlatform.EndToEnd.AgentSocket;

/// <summary>A bare asp-v1 connection for the end-to-end tests: whole frames in and out through the Protocol codec.</summary>
public sealed class AspSocket : IAsyncDisposable
{
    private readonly byte[] _buffer = new byte[1 << 20];

    private AspSocket(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    public static async Task<AspSocket> ConnectAsync(Uri url, string token)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("asp-v1");
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(url, cts.Token);
        return new AspSocket(socket);
    }

    public async Task<ServerHelloFrame> HelloAsync(string[] caps, string? resume = null, ulong? lastSeq = null)
    {
        await SendAsync(new ClientHelloFrame(1, caps) { Resume = resume, LastSeq = lastSeq });
        return Assert.IsType<ServerHelloFrame>(await ReceiveAsync());
    }

    public async Task SendAsync(AspFrame frame, ulong? sessionSeq = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        AspV1Protocol.Write(frame, sessionSeq, buffer);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Binary, true, cts.Token);
    }

    public async Task<AspFrame> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        var length = 0;
        while (true)
        {
            var r = await Socket.ReceiveAsync(_buffer.AsMemory(length), cts.Token);
            if (r.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("closed: " + Socket.CloseStatus);
            length += r.Count;
            if (r.EndOfMessage) return AspV1Protocol.Parse(_buffer.AsMemory(0, length).ToArray());
        }
    }

    /// <summary>Next frame other than ACK.</summary>
    public async Task<AspFrame> ReceiveNonAckAsync()
    {
        while (true)
        {
            var f = await ReceiveAsync();
            if (f is not AckFrame) return f;
        }
    }

    public ValueTask DisposeAsync() => Socket.CloseQuietlyAsync();
}
