using System.Buffers;
using System.Net.WebSockets;
using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.Relay.Bench;

/// <summary>A ClientWebSocket that sends and receives whole asp-v1 frames and counts the bytes both ways.</summary>
public sealed class BenchSocket(ClientWebSocket socket) : IDisposable
{
    private readonly byte[] _buffer = new byte[1 << 20];
    private readonly ArrayBufferWriter<byte> _out = new(1024);

    public long WireBytes { get; private set; }

    public ClientWebSocket Socket { get; } = socket;

    public static async Task<BenchSocket> ConnectAsync(Uri uri, string? token, string? subprotocol = "asp-v1")
    {
        var s = new ClientWebSocket();
        if (subprotocol is not null) s.Options.AddSubProtocol(subprotocol);
        if (token is not null) s.Options.SetRequestHeader("Authorization", "Bearer " + token);
        await s.ConnectAsync(uri, CancellationToken.None);
        return new BenchSocket(s);
    }

    public async ValueTask SendAsync(AspFrame frame)
    {
        _out.ResetWrittenCount();
        AspV1Protocol.Write(frame, _out);
        await SendRawAsync(_out.WrittenMemory);
    }

    public async ValueTask SendRawAsync(ReadOnlyMemory<byte> bytes)
    {
        WireBytes += Bench.WireBytes.Of(bytes.Length, fromClient: true);
        await Socket.SendAsync(bytes, WebSocketMessageType.Binary, true, CancellationToken.None);
    }

    public async ValueTask<ReadOnlyMemory<byte>> ReceiveRawAsync()
    {
        var length = 0;
        while (true)
        {
            var r = await Socket.ReceiveAsync(_buffer.AsMemory(length), CancellationToken.None);
            if (r.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("closed: " + Socket.CloseStatusDescription);
            length += r.Count;
            if (r.EndOfMessage) break;
        }
        WireBytes += Bench.WireBytes.Of(length, fromClient: false);
        return _buffer.AsMemory(0, length);
    }

    public async ValueTask<AspFrame> ReceiveAsync() => AspV1Protocol.Parse(await ReceiveRawAsync());

    /// <summary>Only the opcode, for hot loops that need not decode the body.</summary>
    public async ValueTask<AspOpcode> ReceiveOpcodeAsync() => (AspOpcode)(await ReceiveRawAsync()).Span[0];

    public void Dispose() => Socket.Dispose();
}
