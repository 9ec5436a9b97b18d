using System.Net.WebSockets;
using System.Threading.Channels;
using AgentPlatform.Server.Limits;

namespace AgentPlatform.Server.AgentChat;

/// <summary>
/// One AgentChat socket: its identity once WELCOMEd, and its outbound queue. Frames are queued without blocking (the
/// engine sends under its state lock, which keeps every member's view in one order) and one writer drains the queue;
/// a client that falls <see cref="AgentChatServerOptions.MaxQueuedFrames"/> frames or
/// <see cref="AgentChatServerOptions.MaxQueuedBytes"/> bytes behind is closed with 1008.
/// </summary>
public sealed class AgentChatConnection
{
    private readonly WebSocket _socket;
    private readonly Channel<byte[]> _outbound;
    private readonly TaskCompletionSource _closeSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _closing;
    private int _closeCode = (int)WebSocketCloseStatus.NormalClosure;
    private string _closeReason = "";
    private long _lastActivity;
    private long _queuedBytes;
    private readonly long _maxQueuedBytes;

    internal AgentChatConnection(WebSocket socket, string connectionId, string? remoteAddress, DateTimeOffset connectedAt, AgentChatServerOptions options, TimeProvider time)
    {
        _socket = socket;
        ConnectionId = connectionId;
        RemoteAddress = remoteAddress;
        ConnectedAt = connectedAt;
        _outbound = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.MaxQueuedFrames) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        Bucket = options.RateLimit.Enabled ? new TokenBucket(options.RateLimit.PerSecond, options.RateLimit.Burst, time) : null;
        _maxQueuedBytes = options.MaxQueuedBytes;
        _lastActivity = time.GetTimestamp();
        WindowStart = _lastActivity;
    }

    /// <summary>The server's own id for the socket (logs, the Relay's connection list); not the agent id.</summary>
    public string ConnectionId { get; }

    /// <summary>The agent id with its <c>@</c>, once WELCOME was sent.</summary>
    public string? AgentId { get; internal set; }

    public string? Name { get; internal set; }

    /// <summary>The public key PEM the agent identified with (null for an ephemeral identity).</summary>
    public string? Pubkey { get; internal set; }

    public string? RemoteAddress { get; }

    public DateTimeOffset ConnectedAt { get; }

    /// <summary>True once a close was requested (by the server, the client or a limit).</summary>
    public bool IsClosing => Volatile.Read(ref _closing) != 0;

    internal byte[]? PublicKey { get; set; }

    /// <summary>Whether DMs to the platform's agents are allowed (they run the platform's functions, which cost).</summary>
    internal Func<string, bool> PlatformAccess { get; init; } = static _ => true;

    internal HashSet<string> Channels { get; } = new(StringComparer.Ordinal);

    internal PendingChallenge? Challenge { get; set; }

    internal TokenBucket? Bucket { get; }

    /// <summary>Start of the current frame-budget window (a timestamp) and the frames counted in it.</summary>
    internal long WindowStart { get; set; }

    internal int WindowFrames { get; set; }

    /// <summary>Whether the current window is the identified one (identification starts a new window).</summary>
    internal bool WindowIdentified { get; set; }

    /// <summary>Set by the engine once the connection was removed from its state (disconnect handled once).</summary>
    internal bool Departed { get; set; }

    internal long LastActivity
    {
        get => Volatile.Read(ref _lastActivity);
        set => Volatile.Write(ref _lastActivity, value);
    }

    internal Task CloseSent => _closeSent.Task;

    /// <summary>Called once when a close is requested (the engine starts the peer's grace period).</summary>
    internal Action? OnClosing { get; set; }

    internal int CloseCode => _closeCode;

    /// <summary>Closes the connection after the frames already queued (an ERROR explaining the close goes out first).</summary>
    public void Close(int code, string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0) return;
        _closeCode = code;
        _closeReason = reason ?? "";
        _outbound.Writer.TryComplete();
        OnClosing?.Invoke();
    }

    /// <summary>Queues one text frame; false (and the connection is closing) when it is closing or too far behind.</summary>
    internal bool Send(byte[] frame)
    {
        // A few large frames (2 MiB MSGs to a channel) fill memory long before the frame count is reached.
        if (Interlocked.Add(ref _queuedBytes, frame.Length) <= _maxQueuedBytes && _outbound.Writer.TryWrite(frame)) return true;
        Interlocked.Add(ref _queuedBytes, -frame.Length);
        if (!IsClosing) Close((int)WebSocketCloseStatus.PolicyViolation, "too slow: outbound queue full");
        return false;
    }

    /// <summary>Drains the queue onto the socket until <see cref="Close"/>, then sends the close frame.</summary>
    internal async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            var reader = _outbound.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var frame))
                {
                    Interlocked.Add(ref _queuedBytes, -frame.Length);
                    await _socket.SendAsync(frame, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
                }
            }
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                var reason = _closeReason.Length > 120 ? _closeReason[..120] : _closeReason;
                await _socket.CloseOutputAsync((WebSocketCloseStatus)_closeCode, reason, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The socket is gone: nothing left to deliver.
        }
        finally
        {
            Close((int)WebSocketCloseStatus.NormalClosure, "");
            _closeSent.TrySetResult();
        }
    }
}
