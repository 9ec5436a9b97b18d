using System.Buffers;
using System.Net.WebSockets;
using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.Platform.Bench.Clients;

/// <summary>
/// A bare asp-v1 client connection (ClientWebSocket + the protocol's codec): HELLO, INVOKE, read frames by opcode.
/// Used where the SDK's own work would hide what is measured (STREAM throughput, 10,000 idle connections).
/// </summary>
public sealed class AspSocket : IDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly byte[] _buffer;
    private readonly ArrayBufferWriter<byte> _out = new(512);

    private AspSocket(ClientWebSocket socket, int bufferSize)
    {
        _socket = socket;
        _buffer = new byte[bufferSize];
    }

    /// <summary>Connects and completes HELLO within <paramref name="timeout"/>.</summary>
    public static async Task<AspSocket> OpenAsync(Uri url, string token, TimeSpan timeout, int bufferSize = 16 * 1024)
    {
        var ws = new ClientWebSocket();
        ws.Options.AddSubProtocol("asp-v1");
        ws.Options.SetRequestHeader("Authorization", "Bearer " + token);
        ws.Options.KeepAliveInterval = TimeSpan.Zero;
        var socket = new AspSocket(ws, bufferSize);
        try
        {
            using var cts = new CancellationTokenSource(timeout);
            await ws.ConnectAsync(url, cts.Token);
            await socket.SendAsync(new ClientHelloFrame(1, ["stream"]), cts.Token);
            var (op, _) = await socket.ReceiveAsync(cts.Token);
            if (op != AspOpcode.Hello) throw new InvalidOperationException("expected HELLO, got " + op);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask SendAsync(AspFrame frame, CancellationToken cancellationToken)
    {
        _out.ResetWrittenCount();
        AspV1Protocol.Write(frame, _out);
        await _socket.SendAsync(_out.WrittenMemory, WebSocketMessageType.Binary, true, cancellationToken);
    }

    /// <summary>The next whole message: its opcode and length (the body stays in the buffer until the next receive).</summary>
    public async ValueTask<(AspOpcode Opcode, int Length)> ReceiveAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            var r = await _socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken);
            if (r.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("closed by the server: " + _socket.CloseStatus + " " + _socket.CloseStatusDescription);
            length += r.Count;
            if (r.EndOfMessage) break;
            if (length == _buffer.Length) throw new InvalidOperationException("message larger than the buffer");
        }
        return ((AspOpcode)_buffer[0], length);
    }

    public ReadOnlyMemory<byte> Last(int length) => _buffer.AsMemory(0, length);

    /// <summary>Sends a close and gives the server a moment to answer; never throws.</summary>
    public async Task CloseAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (_socket.State == WebSocketState.Open) await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cts.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        Dispose();
    }

    public void Dispose() => _socket.Dispose();
}
