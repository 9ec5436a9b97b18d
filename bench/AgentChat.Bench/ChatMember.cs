using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace AgentPlatform.AgentChat.Bench;

/// <summary>
/// One member of the measured channel: a WebSocket whose receive loop stamps the arrival of every numbered bench
/// message (<c>"content":"s&lt;n&gt;"</c> in the frame, which both the AgentChat MSG and the floor's echoed client
/// frame carry) and counts, per message, the members that have it.
/// </summary>
public sealed class ChatMember : IAsyncDisposable
{
    private static readonly byte[] Marker = "\"content\":\"s"u8.ToArray();
    private readonly ClientWebSocket _socket;
    private readonly Delivery _delivery;
    private readonly int _index;
    private Task? _loop;

    private ChatMember(ClientWebSocket socket, Delivery delivery, int index)
    {
        _socket = socket;
        _delivery = delivery;
        _index = index;
    }

    public static async Task<ChatMember> ConnectAsync(Uri uri, Delivery delivery, int index)
    {
        var socket = new ClientWebSocket();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(uri, cts.Token);
        return new ChatMember(socket, delivery, index);
    }

    public Task SendAsync(string text) => _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Frames until one contains <paramref name="needle"/> (the protocol handshake, before the loop starts).</summary>
    public async Task<string> ReceiveUntilAsync(string needle)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            buffer.ResetWrittenCount();
            ValueWebSocketReceiveResult r;
            do
            {
                r = await _socket.ReceiveAsync(buffer.GetMemory(4096), cts.Token);
                buffer.Advance(r.Count);
            }
            while (!r.EndOfMessage);
            var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
            if (text.Contains(needle, StringComparison.Ordinal)) return text;
        }
    }

    public void Start() => _loop = Task.Run(LoopAsync);

    private async Task LoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var r = await _socket.ReceiveAsync(buffer.GetMemory(4096), CancellationToken.None);
                if (r.MessageType == WebSocketMessageType.Close) return;
                buffer.Advance(r.Count);
                if (!r.EndOfMessage) continue;
                var now = Stopwatch.GetTimestamp();
                var span = buffer.WrittenSpan;
                var at = span.IndexOf(Marker);
                if (at >= 0)
                {
                    var id = 0;
                    for (var i = at + Marker.Length; i < span.Length && span[i] is >= (byte)'0' and <= (byte)'9'; i++) id = id * 10 + (span[i] - '0');
                    _delivery.Arrived(id, _index, now);
                }
                buffer.ResetWrittenCount();
            }
        }
        catch (WebSocketException)
        {
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (_socket.State == WebSocketState.Open) await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cts.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        if (_loop is not null) await Task.WhenAny(_loop, Task.Delay(2000));
        _socket.Dispose();
    }
}
