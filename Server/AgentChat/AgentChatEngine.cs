using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using AgentPlatform.Protocol.AgentChat;
using AgentPlatform.Server.Transport;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Server.AgentChat;

/// <summary>
/// The AgentChat server (docs/protocol/agentchat.md): one instance holds the world (agents, channels, proposals) and
/// serves every socket handed to <see cref="RunAsync"/>. The Relay's <c>/agentchat</c> and the standalone
/// <c>agentchat serve</c> both run it. State changes and the sends they cause happen under one lock, so every member
/// sees a channel's events in the same order; sends only queue (<see cref="AgentChatConnection"/>).
/// </summary>
public sealed partial class AgentChatEngine : IAgentChatOutlet
{
    /// <summary>How long a closing connection waits for the peer's close frame before the socket is dropped.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly AgentChatServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IAgentChatPlatformAgents? _platform;
    private readonly IAgentChatConnectionObserver[] _observers;
    private readonly Dictionary<string, AgentChatConnection> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChatChannel> _channels = new(StringComparer.Ordinal);
    private readonly HashSet<AgentChatConnection> _connections = [];
    private readonly ProposalStore _proposals;

    /// <summary>Keyed ids bound in this server's life and their raw key (takeover by a colliding key is refused).</summary>
    private readonly Dictionary<string, byte[]> _boundKeys = new(StringComparer.Ordinal);

    /// <summary>Bound ids remembered (about 100 bytes each); past it only connected holders are checked.</summary>
    private const int MaxBoundKeys = 1_000_000;
    private long _nextConnection;

    public AgentChatEngine(AgentChatServerOptions options, IdentityPolicy policy, TimeProvider time, ILogger<AgentChatEngine> logger,
        IAgentChatPlatformAgents? platform = null, IEnumerable<IAgentChatConnectionObserver>? observers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Policy = policy;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _platform = platform;
        _observers = observers?.ToArray() ?? [];
        _proposals = new ProposalStore(options.MaxProposals);
        _channels[GeneralChannel] = new ChatChannel(GeneralChannel, false);
        _channels[AgentsChannel] = new ChatChannel(AgentsChannel, false);
    }

    /// <summary>The channel every server has from the start.</summary>
    public const string GeneralChannel = "#general";

    /// <summary>The second default channel; the platform's agents are listed as its members.</summary>
    public const string AgentsChannel = "#agents";

    public IdentityPolicy Policy { get; }

    public AgentChatServerOptions Options => _options;

    /// <summary>Open sockets, identified or not.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_gate) return _connections.Count;
        }
    }

    /// <summary>
    /// Serves one accepted WebSocket until it closes. Never throws for socket failures. <paramref name="platformAccess"/>:
    /// whether DMs from this connection may invoke the platform's agents (the Relay grants it to token holders only).
    /// </summary>
    public async Task RunAsync(WebSocket socket, string? remoteAddress, CancellationToken cancellationToken, Func<string, bool>? platformAccess = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var id = "ac-" + Interlocked.Increment(ref _nextConnection).ToString(CultureInfo.InvariantCulture);
        var connection = new AgentChatConnection(socket, id, remoteAddress, _time.GetUtcNow(), _options, _time) { PlatformAccess = platformAccess ?? (static _ => true) };
        bool full;
        lock (_gate)
        {
            full = _connections.Count >= _options.MaxConnections;
            if (!full) _connections.Add(connection);
        }
        if (full)
        {
            await RefuseAsync(socket, id).ConfigureAwait(false);
            return;
        }
        LogConnected(_logger, id);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var writeStop = new CancellationTokenSource();
        // After a close is requested the peer has CloseGrace to answer it; then the receive is abandoned.
        connection.OnClosing = () =>
        {
            try
            {
                stop.CancelAfter(CloseGrace);
            }
            catch (ObjectDisposedException)
            {
                // The connection is over already.
            }
        };
        var writer = connection.WriteLoopAsync(writeStop.Token);
        using var idle = _options.IdleTimeout is { } timeout ? StartIdleCheck(connection, timeout) : null;
        using var identify = _time.CreateTimer(static s =>
        {
            var (engine, c) = ((AgentChatEngine, AgentChatConnection))s!;
            engine.CheckIdentified(c);
        }, (this, connection), _options.IdentifyTimeout, Timeout.InfiniteTimeSpan);
        var reason = "closed by the client";
        var brokenFraming = false;
        try
        {
            reason = await ReceiveLoopAsync(socket, connection, stop.Token).ConfigureAwait(false);
        }
        catch (WebSocketException ex) when (ClientFramingError.Is(ex, socket))
        {
            // Invalid UTF-8 in a text frame (1007) or a bad frame header (1002): the WebSocket sent the close frame.
            brokenFraming = true;
            reason = "invalid frame";
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            reason = cancellationToken.IsCancellationRequested ? "server stopping" : connection.IsClosing ? "closed" : "connection lost";
            if (cancellationToken.IsCancellationRequested) connection.Close((int)WebSocketCloseStatus.EndpointUnavailable, "server stopping");
        }
        finally
        {
            Depart(connection, reason);
            connection.Close((int)WebSocketCloseStatus.NormalClosure, reason);
            await Task.WhenAny(connection.CloseSent, Task.Delay(CloseGrace, _time, CancellationToken.None)).ConfigureAwait(false);
            await writeStop.CancelAsync().ConfigureAwait(false);
            await writer.ConfigureAwait(false);
            // After broken framing the WebSocket has given up already; aborting it again would dispose the stream under
            // it and with it the TCP connection, the reset the linger below is there to prevent.
            if (socket.State != WebSocketState.Closed && !brokenFraming) socket.Abort();
            lock (_gate) _connections.Remove(connection);
            LogDisconnected(_logger, id, connection.AgentId, reason);
            foreach (var observer in _observers) observer.Closed(connection, reason);
        }
        // Everything is released already; only the TCP connection is kept until the client has read the close frame.
        if (brokenFraming) await ClientFramingError.LingerAsync(_time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The server is full: a close frame with 1013 (try again later) and a reason saying so, then the socket goes.</summary>
    private async Task RefuseAsync(WebSocket socket, string id)
    {
        LogLimit(_logger, id, "too many connections");
        try
        {
            using var timeout = new CancellationTokenSource(CloseGrace);
            await socket.CloseOutputAsync((WebSocketCloseStatus)1013, $"server full ({_options.MaxConnections} connections)", timeout.Token).ConfigureAwait(false);
            // The peer's close answer, so the close is clean (an abort now would reset the connection under it).
            var buffer = new byte[256];
            while ((await socket.ReceiveAsync(buffer, timeout.Token).ConfigureAwait(false)).MessageType != WebSocketMessageType.Close)
            {
                // Frames sent before the client saw the close are ignored.
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client is gone already.
        }
        socket.Abort();
    }

    private async Task<string> ReceiveLoopAsync(WebSocket socket, AgentChatConnection connection, CancellationToken cancellationToken)
    {
        var message = new ArrayBufferWriter<byte>(1024);
        var discarding = false;
        while (true)
        {
            var result = await socket.ReceiveAsync(message.GetMemory(4096), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                var code = (int?)socket.CloseStatus ?? (int)WebSocketCloseStatus.NormalClosure;
                connection.Close(code is 1005 or 1006 or 1015 ? (int)WebSocketCloseStatus.NormalClosure : code, "");
                return connection.CloseCode == code ? "closed by the client" : "closed";
            }
            connection.LastActivity = _time.GetTimestamp();
            message.Advance(result.Count);
            if (connection.IsClosing || discarding)
            {
                // Nothing more is handled once a close is under way; the rest of an oversized frame is dropped as it arrives.
                message.ResetWrittenCount();
                if (result.EndOfMessage) discarding = false;
                continue;
            }
            var limit = connection.AgentId is null ? _options.PreAuthMaxFrameBytes : _options.MaxFrameBytes;
            if (message.WrittenCount > limit)
            {
                LogLimit(_logger, connection.ConnectionId, "frame too large");
                connection.Close((int)WebSocketCloseStatus.MessageTooBig, "frame too large");
                message.ResetWrittenCount();
                discarding = !result.EndOfMessage;
                continue;
            }
            if (!result.EndOfMessage) continue;
            // Binary frames are read as UTF-8 text, as the reference server does.
            Handle(connection, message.WrittenSpan);
            message.ResetWrittenCount();
            if (message.Capacity > 64 * 1024) message = new ArrayBufferWriter<byte>(1024);
        }
    }

    private ITimer StartIdleCheck(AgentChatConnection connection, TimeSpan timeout)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(30).Ticks));
        return _time.CreateTimer(static s =>
        {
            var (engine, c, t) = ((AgentChatEngine, AgentChatConnection, TimeSpan))s!;
            engine.CheckIdle(c, t);
        }, (this, connection, timeout), period, period);
    }

    /// <summary>At <see cref="AgentChatServerOptions.IdentifyTimeout"/>: a connection still anonymous (and not answering a CHALLENGE) is told why and closed.</summary>
    private void CheckIdentified(AgentChatConnection connection)
    {
        if (connection.IsClosing || connection.AgentId is not null || connection.Challenge is not null) return;
        LogLimit(_logger, connection.ConnectionId, "identify timeout");
        Error(connection, AgentChatErrorCodes.AuthRequired, "IDENTIFY not received in time");
        connection.Close((int)WebSocketCloseStatus.PolicyViolation, "identify timeout");
    }

    private void CheckIdle(AgentChatConnection connection, TimeSpan timeout)
    {
        if (connection.IsClosing) return;
        if (_time.GetElapsedTime(connection.LastActivity) >= timeout)
        {
            LogLimit(_logger, connection.ConnectionId, "idle timeout");
            connection.Close((int)WebSocketCloseStatus.EndpointUnavailable, "idle timeout");
        }
    }

    /// <summary>Closes every connection with 1001 (the host is stopping).</summary>
    public void Shutdown()
    {
        List<AgentChatConnection> all;
        lock (_gate) all = [.. _connections];
        foreach (var connection in all) connection.Close((int)WebSocketCloseStatus.EndpointUnavailable, "server stopping");
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private void Error(AgentChatConnection connection, string code, string message) => connection.Send(AgentChatWriter.Error(code, message, Now()));
}
