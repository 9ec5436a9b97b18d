using System.Buffers;
using System.Net.WebSockets;
using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.Reliability.Replicas;

/// <summary>
/// A minimal reliable asp-v1 client for the suite: numbers what it sends, keeps it until the server's lastSeq covers
/// it, acknowledges what it receives, and resumes (with replay of its own unacknowledged frames) on any URL.
/// </summary>
public sealed class ReliableAspClient : IAsyncDisposable
{
    private static readonly string[] Caps = ["reliable", "stream"];
    private readonly string _token;
    private readonly List<(ulong Seq, AspFrame Frame)> _unacked = [];
    private readonly byte[] _buffer = new byte[1 << 20];
    private ClientWebSocket? _socket;
    private string? _resume;
    private ulong _sent;

    public ReliableAspClient(string token) => _token = token;

    /// <summary>Server frames received a second time (a sequence number at or below the last processed one).</summary>
    public long Replayed { get; private set; }

    /// <summary>The last server sequence number processed.</summary>
    public ulong LastReceived { get; private set; }

    /// <summary>Opens a new session (first call) or resumes the current one on <paramref name="replica"/>.</summary>
    public async Task ConnectAsync(Uri replica, CancellationToken cancellationToken)
    {
        _socket?.Abort();
        _socket?.Dispose();
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("asp-v1");
        socket.Options.SetRequestHeader("Authorization", "Bearer " + _token);
        var uri = new UriBuilder(replica) { Scheme = replica.Scheme == "https" ? "wss" : "ws", Path = "/v1/agent-socket" }.Uri;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(uri, timeout.Token).ConfigureAwait(false);
        _socket = socket;
        await WriteAsync(new ClientHelloFrame(1, Caps) { Resume = _resume, LastSeq = _resume is null ? null : LastReceived }, null, cancellationToken)
            .ConfigureAwait(false);
        var answer = await ReceiveAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        if (answer is not ServerHelloFrame hello)
        {
            throw new InvalidOperationException(answer is ErrorFrame e ? $"resume refused: {e.Code} {e.Message}" : "no HELLO");
        }
        _resume = hello.ResumeToken;
        // Resend what the server has not processed, in order.
        var processed = hello.LastSeq ?? 0;
        _unacked.RemoveAll(u => u.Seq <= processed);
        foreach (var (seq, frame) in _unacked) await WriteAsync(frame, seq, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops the socket without a close frame, as a network failure would.</summary>
    public void Drop() => _socket?.Abort();

    public async Task SendAsync(AspFrame frame, CancellationToken cancellationToken)
    {
        var seq = ++_sent;
        _unacked.Add((seq, frame));
        await WriteAsync(frame, seq, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next tracked frame (ACKs are consumed here), or null when the window passed.</summary>
    public async Task<AspFrame?> NextAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        while (true)
        {
            var frame = await ReceiveAsync(window, cancellationToken).ConfigureAwait(false);
            if (frame is null) return null;
            if (frame is AckFrame ack)
            {
                _unacked.RemoveAll(u => u.Seq <= ack.Seq);
                continue;
            }
            if (frame.SessionSeq is { } s)
            {
                if (s <= LastReceived)
                {
                    Replayed++;
                    continue;
                }
                LastReceived = s;
                if (s % 16 == 0) await WriteAsync(new AckFrame(s), null, cancellationToken).ConfigureAwait(false);
            }
            return frame;
        }
    }

    private async Task WriteAsync(AspFrame frame, ulong? seq, CancellationToken cancellationToken)
    {
        var writer = new ArrayBufferWriter<byte>(256);
        AspV1Protocol.Write(frame, seq, writer);
        await _socket!.SendAsync(writer.WrittenMemory, WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AspFrame?> ReceiveAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(window);
        var length = 0;
        try
        {
            while (true)
            {
                var result = await _socket!.ReceiveAsync(_buffer.AsMemory(length), timeout.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close) return null;
                length += result.Count;
                if (result.EndOfMessage) return AspV1Protocol.Parse(_buffer.AsMemory(0, length).ToArray());
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (WebSocketException)
        {
            return null;
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket?.Abort();
        _socket?.Dispose();
        return ValueTask.CompletedTask;
    }
}
