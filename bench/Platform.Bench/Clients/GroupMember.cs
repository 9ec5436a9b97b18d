using System.Diagnostics;
using System.Net.WebSockets;

namespace AgentPlatform.Platform.Bench.Clients;

/// <summary>
/// One external fan-out member: a WebSocket whose receive loop stamps when each numbered message (<c>r:&lt;n&gt;</c>
/// anywhere in the frame) first arrived. Works for the Relay's JSON subprotocol and the raw floor alike.
/// </summary>
public sealed class GroupMember : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly long[] _arrivals;
    private Task? _loop;

    private GroupMember(ClientWebSocket socket, int capacity)
    {
        _socket = socket;
        _arrivals = new long[capacity];
    }

    public long ArrivalOf(int id) => Volatile.Read(ref _arrivals[id]);

    /// <summary>Connects; with a subprotocol (the Relay), waits for its first frame (<c>connected</c>) before returning.</summary>
    public static async Task<GroupMember> ConnectAsync(Uri url, string? subprotocol, int capacity)
    {
        var socket = new ClientWebSocket();
        if (subprotocol is not null) socket.Options.AddSubProtocol(subprotocol);
        var member = new GroupMember(socket, capacity);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await socket.ConnectAsync(url, cts.Token);
            if (subprotocol is not null)
            {
                var first = await socket.ReceiveAsync(new byte[4096], cts.Token);
                if (first.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("member closed at connect: " + socket.CloseStatusDescription);
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        member._loop = Task.Run(member.LoopAsync);
        return member;
    }

    private async Task LoopAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var r = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (r.MessageType == WebSocketMessageType.Close) return;
                var now = Stopwatch.GetTimestamp();
                var span = buffer.AsSpan(0, r.Count);
                var at = span.IndexOf("r:"u8);
                if (at < 0) continue;
                var id = 0;
                for (var i = at + 2; i < span.Length && span[i] is >= (byte)'0' and <= (byte)'9'; i++) id = id * 10 + (span[i] - '0');
                if (id < _arrivals.Length && Volatile.Read(ref _arrivals[id]) == 0) Volatile.Write(ref _arrivals[id], now);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
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
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
        if (_loop is not null) await Task.WhenAny(_loop, Task.Delay(2000));
        _socket.Dispose();
    }
}
