using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace AgentPlatform.WebPubSub.Bench;

/// <summary>
/// One group member: a WebSocket whose receive loop stamps the arrival time of every numbered message
/// (<c>r:&lt;n&gt;</c> anywhere in the frame). Reliable members acknowledge every 50 sequence ids.
/// </summary>
public sealed class MemberSocket(ClientWebSocket socket, int capacity, bool reliable) : IAsyncDisposable
{
    private static long _received;
    private readonly long[] _arrivals = new long[capacity];
    private Task? _loop;

    public static long Received => Interlocked.Read(ref _received);

    public ClientWebSocket Socket { get; } = socket;

    public long ArrivalOf(int id) => Volatile.Read(ref _arrivals[id]);

    public static async Task<MemberSocket> ConnectAsync(Uri uri, string? subprotocol, int capacity)
    {
        var socket = new ClientWebSocket();
        if (subprotocol is not null) socket.Options.AddSubProtocol(subprotocol);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(uri, cts.Token);
        return new MemberSocket(socket, capacity, subprotocol?.Contains("reliable", StringComparison.Ordinal) == true);
    }

    /// <summary>Reads one frame now (the handshake's first frames), before the loop starts.</summary>
    public async Task<string> ReceiveOneAsync()
    {
        var buffer = new byte[16 * 1024];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await Socket.ReceiveAsync(buffer, cts.Token);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    public Task SendAsync(string text) => Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public void Start() => _loop = Task.Run(LoopAsync);

    private async Task LoopAsync()
    {
        var buffer = new byte[16 * 1024];
        long lastAcked = 0;
        try
        {
            while (Socket.State == WebSocketState.Open)
            {
                var result = await Socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close) return;
                var now = Stopwatch.GetTimestamp();
                var span = buffer.AsSpan(0, result.Count);
                var at = span.IndexOf("r:"u8);
                if (at < 0) continue;
                var id = 0;
                for (var i = at + 2; i < span.Length && span[i] is >= (byte)'0' and <= (byte)'9'; i++) id = id * 10 + (span[i] - '0');
                if (id < _arrivals.Length && Volatile.Read(ref _arrivals[id]) == 0) Volatile.Write(ref _arrivals[id], now);
                Interlocked.Increment(ref _received);
                if (reliable && ReadSequence(span) is { } seq && seq - lastAcked >= 50)
                {
                    lastAcked = seq;
                    await SendAsync("{\"type\":\"sequenceAck\",\"sequenceId\":" + seq.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}");
                }
            }
        }
        catch (WebSocketException)
        {
        }
    }

    private static long? ReadSequence(ReadOnlySpan<byte> frame)
    {
        var at = frame.IndexOf("\"sequenceId\":"u8);
        if (at < 0) return null;
        long v = 0;
        for (var i = at + 13; i < frame.Length && frame[i] is >= (byte)'0' and <= (byte)'9'; i++) v = v * 10 + (frame[i] - '0');
        return v;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cts.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
        if (_loop is not null) await Task.WhenAny(_loop, Task.Delay(2000));
        Socket.Dispose();
    }
}
