using System.Collections.Concurrent;
using AgentPlatform.Protocol.Acp;
using AgentPlatform.Relay.Acp.Connections;
using AgentPlatform.Relay.Core;

namespace AgentPlatform.Relay.Acp.Transport;

/// <summary>
/// An ACP connection over Streamable HTTP: messages arrive as POSTs and leave on SSE streams — the connection's stream
/// and one per session. A response goes to the stream of the request it answers (the session's for a session-scoped
/// request, except session/load's, which goes to the connection stream); an agent request or notification with
/// <c>params.sessionId</c> goes to that session's stream; anything else to the connection stream. What waits in the
/// streams is bounded (<see cref="AcpOptions.MaxQueuedBytes"/>): the agent's output waits for room, and the connection
/// ends after 60 s without the client reading any of it, as the SDK's server does.
/// </summary>
public sealed partial class AcpHttpConnection : AcpConnection
{
    /// <summary>Session streams without a receiver one connection may hold (the SDK's maxBufferedSessionStreams).</summary>
    public const int MaxBufferedSessionStreams = 1024;

    private readonly AcpOutboundChannel _connectionStream;
    private readonly ConcurrentDictionary<string, AcpOutboundChannel> _sessionStreams = new(StringComparer.Ordinal);
    // Id key of a client request -> the session whose stream gets its response (null: the connection stream).
    private readonly ConcurrentDictionary<string, string?> _pendingRoutes = new(StringComparer.Ordinal);
    // Id key of an agent request sent on a session stream -> that session (the client's response must name it).
    private readonly ConcurrentDictionary<string, string> _clientResponseRoutes = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private long _queuedBytes;
    private long _dequeuedBytes;
    private int _active;
    private long _lastActivity;
    private int _ended;
    private ITimer? _idleTimer;

    public AcpHttpConnection(AcpRuntime runtime, string? userId) : base(runtime, userId, "http")
    {
        _connectionStream = new AcpOutboundChannel(null, Dequeued);
        _logger = runtime.Loggers.CreateLogger<AcpHttpConnection>();
        _lastActivity = runtime.Time.GetTimestamp();
    }

    public bool IsEnded => Volatile.Read(ref _ended) != 0;

    /// <summary>Registers the connection in the core and starts watching it for idleness.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        var relay = await Runtime.RegisterAsync(this, new AcpHttpTransport(this), cancellationToken).ConfigureAwait(false);
        Relay = relay;
        Opened();
        relay.Closed.UnsafeRegister(static s => ThreadPool.UnsafeQueueUserWorkItem(static c => c.Dropped("closed"), (AcpHttpConnection)s!, preferLocal: false), this);
        var period = Runtime.Options.IdleTimeout / 4;
        _idleTimer = Runtime.Time.CreateTimer(static s => ((AcpHttpConnection)s!).CheckIdle(), this, period, period);
    }

    /// <summary>Marks a request or stream in progress; the connection is not idle until it is disposed.</summary>
    public Activity BeginActivity()
    {
        Interlocked.Increment(ref _active);
        Touch();
        return new Activity(this);
    }

    /// <summary>
    /// Queues on the session's stream (or the connection's); a stream retired in between is replaced. Past
    /// <see cref="MaxBufferedSessionStreams"/> session streams without a receiver the connection ends, as the SDK's.
    /// </summary>
    private bool EnqueueOn(string? session, byte[] bytes)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (IsEnded) return false;
            if (session is not null && !_sessionStreams.ContainsKey(session) && BufferedSessionStreams() >= MaxBufferedSessionStreams)
            {
                LogTooManyStreams(_logger, ConnectionId);
                ThreadPool.UnsafeQueueUserWorkItem(static c => c.End("Too many buffered session streams"), this, preferLocal: false);
                return false;
            }
            if (StreamOf(session).Enqueue(bytes)) return true;
            Thread.Yield();
        }
        return false;
    }

    private int BufferedSessionStreams() => _sessionStreams.Values.Count(s => !s.HasReceiver);

    /// <summary>A GET's receiver left: an empty session stream is forgotten (a later message makes a new one).</summary>
    public void Released(AcpOutboundChannel stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Release();
        if (stream.SessionId is { } id && stream.TryRetire())
        {
            _sessionStreams.TryRemove(new KeyValuePair<string, AcpOutboundChannel>(id, stream));
        }
    }

    /// <summary>The stream a GET attaches to: the connection's (<paramref name="sessionId"/> null) or a session's, made on demand.</summary>
    public AcpOutboundChannel StreamOf(string? sessionId)
    {
        var stream = sessionId is null ? _connectionStream : _sessionStreams.GetOrAdd(sessionId, id => new AcpOutboundChannel(id, Dequeued));
        // A GET racing End may add a stream after End completed the others: complete it too, or its SSE never ends.
        if (IsEnded) stream.Complete();
        return stream;
    }

    /// <summary>Remembers where the response to a client request goes (before the request reaches the agent).</summary>
    public void TrackRequest(JsonRpcMessage request, string? session)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Kind != JsonRpcKind.Request || request.IdKey is not { } key) return;
        _pendingRoutes[key] = request.Method == AcpMethods.SessionLoad ? null : session;
    }

    /// <summary>The session an agent request answered by <paramref name="response"/> was sent on, if any; forgets it.</summary>
    public string? ClientResponseSession(JsonRpcMessage response, bool remove)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IdKey is not { } key) return null;
        if (remove) return _clientResponseRoutes.TryRemove(key, out var gone) ? gone : null;
        return _clientResponseRoutes.TryGetValue(key, out var session) ? session : null;
    }

    public override bool Deliver(JsonRpcMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (IsEnded) return false;
        string? session;
        if (message.Kind == JsonRpcKind.Response)
        {
            session = message.IdKey is { } key && _pendingRoutes.TryRemove(key, out var route) ? route : null;
        }
        else
        {
            session = message.SessionId;
            if (message.Kind == JsonRpcKind.Request && session is not null && message.IdKey is { } key) _clientResponseRoutes[key] = session;
        }
        var bytes = message.ToUtf8();
        if (Interlocked.Add(ref _queuedBytes, bytes.Length) > Runtime.Options.MaxQueuedBytes)
        {
            LogOverflow(_logger, ConnectionId);
            // Not inline: Deliver may run under a replay log's lock, and ending runs the connection's drop handlers.
            ThreadPool.UnsafeQueueUserWorkItem(static c => c.End("Outbound buffer full"), this, preferLocal: false);
            return false;
        }
        if (!EnqueueOn(session, bytes))
        {
            Interlocked.Add(ref _queuedBytes, -bytes.Length);
            return false;
        }
        Relay?.Counters.FrameOut(bytes.Length);
        Runtime.Telemetry.FramesOut.Add(1);
        return true;
    }

    public override void Fail(string reason) => End(reason);

    public override void Shutdown() => End("Server shutting down");

    /// <summary>Ends the connection (DELETE, idle, overflow, agent gone, admin close): streams finish, the core forgets it.</summary>
    public void End(string reason)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0) return;
        _idleTimer?.Dispose();
        _connectionStream.Complete();
        foreach (var stream in _sessionStreams.Values) stream.Complete();
        if (Relay is { } relay && relay.State != ConnectionState.Closed) Runtime.Core.Close(relay, reason);
    }

    private void Dequeued(int bytes)
    {
        Interlocked.Add(ref _queuedBytes, -bytes);
        Interlocked.Add(ref _dequeuedBytes, bytes);
    }

    /// <summary>
    /// As the SDK's server: while half the queue limit waits unread the agent's output waits too; the connection ends
    /// only after <c>Acp:OutputStallTimeout</c> (60 s) without any of it being read (the hard limit in <see cref="Deliver"/> stays as
    /// the last resort for what cannot wait).
    /// </summary>
    protected override async ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        var high = Runtime.Options.MaxQueuedBytes / 2;
        var progress = Interlocked.Read(ref _dequeuedBytes);
        var since = Runtime.Time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(1);
        while (!IsEnded && Interlocked.Read(ref _queuedBytes) >= high)
        {
            var now = Interlocked.Read(ref _dequeuedBytes);
            if (now != progress)
            {
                progress = now;
                since = Runtime.Time.GetTimestamp();
            }
            else if (Runtime.Time.GetElapsedTime(since) > Runtime.Options.OutputStallTimeout)
            {
                LogOverflow(_logger, ConnectionId);
                End("Outbound buffer full");
                return;
            }
            await Task.Delay(delay, Runtime.Time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 50));
        }
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivity, Runtime.Time.GetTimestamp());

    private void CheckIdle()
    {
        if (Volatile.Read(ref _active) > 0) return;
        if (Runtime.Time.GetElapsedTime(Interlocked.Read(ref _lastActivity)) < Runtime.Options.IdleTimeout) return;
        LogIdle(_logger, ConnectionId);
        End("idle timeout");
    }

    /// <summary>One request or stream in progress on the connection.</summary>
    public readonly struct Activity(AcpHttpConnection connection) : IDisposable
    {
        public void Dispose()
        {
            connection.Touch();
            Interlocked.Decrement(ref connection._active);
        }
    }

    [LoggerMessage(EventId = 6320, Level = LogLevel.Warning, Message = "ACP connection {ConnectionId}: more output queued than its streams may hold, closing")]
    private static partial void LogOverflow(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 6322, Level = LogLevel.Warning, Message = "ACP connection {ConnectionId}: too many buffered session streams, closing")]
    private static partial void LogTooManyStreams(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 6321, Level = LogLevel.Debug, Message = "ACP connection {ConnectionId}: idle, closing")]
    private static partial void LogIdle(ILogger logger, string connectionId);
}
