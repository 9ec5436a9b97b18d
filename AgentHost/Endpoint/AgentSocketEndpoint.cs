using AgentPlatform.Protocol;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using AgentPlatform.Agents;
using AgentPlatform.Client.Sessions;
using AgentPlatform.Protocol.AspV1;
using Microsoft.AspNetCore.Http;

namespace AgentPlatform.AgentHost.Endpoint;

/// <summary>
/// The in-process asp-v1 server (docs/protocol/asp-v1.md): handshake and auth, invocations through
/// <see cref="InvocationDispatcher"/>, reliable sessions with replay and resume.
/// </summary>
public sealed class AgentSocketEndpoint
{
    private readonly IReadOnlyDictionary<string, IAgent> _agents;
    private readonly AgentSocketEndpointOptions _options;

    // Parsing limits, built once: a per-frame `new` would allocate on every message received.
    private readonly AspV1Options _parseOptions;
    private readonly ConcurrentDictionary<string, EndpointSession> _byResumeToken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<FrameSocket, EndpointSession?> _sockets = new();

    public AgentSocketEndpoint(IEnumerable<IAgent> agents, AgentSocketEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(agents);
        _agents = agents.ToDictionary(a => a.Name, StringComparer.Ordinal);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _parseOptions = new AspV1Options { MaxFrameSize = _options.MaxFrameSize };
    }

    /// <summary>Sessions alive (connected or waiting for a resume).</summary>
    public int Sessions => _byResumeToken.Count;

    /// <summary>Open WebSockets.</summary>
    public int Connections => _sockets.Count;

    /// <summary>Drops every connection without a close handshake, as a network failure would (for resilience tests).</summary>
    public void AbortConnections()
    {
        foreach (var socket in _sockets.Keys) socket.Socket.Abort();
    }

    /// <summary>Closes every connection with 1001 (going away) so clients reconnect and resume; used at shutdown.</summary>
    public void CloseAll()
    {
        foreach (var socket in _sockets.Keys) _ = socket.CloseAsync(CloseCodes.GoingAway, "server shutting down");
    }

    public async Task HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!http.WebSockets.IsWebSocketRequest || !http.WebSockets.WebSocketRequestedProtocols.Contains(AspV1Protocol.SubProtocol))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("an asp-v1 WebSocket upgrade is required (Sec-WebSocket-Protocol: asp-v1)").ConfigureAwait(false);
            return;
        }
        var upgradeToken = UpgradeToken(http);
        if (_options.Token is not null && upgradeToken is not null && !TokenMatches(upgradeToken))
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return;
        }
        using var webSocket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = AspV1Protocol.SubProtocol,
            KeepAliveInterval = _options.Heartbeat,
            KeepAliveTimeout = _options.Heartbeat * 2,
        }).ConfigureAwait(false);
        using var socket = new FrameSocket(webSocket, _options.MaxFrameSize);
        _sockets[socket] = null;
        try
        {
            await ServeAsync(socket, upgradeToken is not null, http.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            _sockets.TryRemove(socket, out _);
        }
    }

    private async Task ServeAsync(FrameSocket socket, bool authenticated, CancellationToken aborted)
    {
        EndpointSession? session = null;
        using var ackTimer = new CancellationTokenSource();
        try
        {
            session = await HandshakeAsync(socket, authenticated, aborted).ConfigureAwait(false);
            if (session is null) return;
            _sockets[socket] = session;
            _ = AckLoopAsync(session, ackTimer.Token);
            while (true)
            {
                var message = await socket.ReceiveAsync(aborted).ConfigureAwait(false);
                if (message is null)
                {
                    // A polite close is a goodbye: the session ends (a resume needs an abrupt loss).
                    session.End();
                    _byResumeToken.TryRemove(session.ResumeToken, out _);
                    await socket.CloseAsync(CloseCodes.Normal, "bye").ConfigureAwait(false);
                    return;
                }
                var frame = AspV1Protocol.Parse(message.Value, _parseOptions);
                if (!await ProcessAsync(session, frame).ConfigureAwait(false))
                {
                    await FailAsync(socket, AspErrorCodes.BadFrame, "frame out of place: " + frame.Opcode).ConfigureAwait(false);
                    session.End();
                    return;
                }
            }
        }
        catch (AspProtocolException ex)
        {
            await FailAsync(socket, ex.Code, ex.Message).ConfigureAwait(false);
            session?.End();
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // Lost connection: a reliable session waits for its resume.
        }
        finally
        {
            await ackTimer.CancelAsync().ConfigureAwait(false);
            if (session is not null && !session.Ended)
            {
                session.Detach(socket, _options.ResumeWindow, Expire);
            }
        }
    }

    private async Task<EndpointSession?> HandshakeAsync(FrameSocket socket, bool authenticated, CancellationToken aborted)
    {
        using var helloTimeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        helloTimeout.CancelAfter(_options.HelloTimeout);
        ReadOnlyMemory<byte>? first;
        try
        {
            first = await socket.ReceiveAsync(helloTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            await socket.CloseAsync(CloseCodes.IdleTimeout, "no HELLO in time").ConfigureAwait(false);
            return null;
        }
        if (first is null) return null;
        if (AspV1Protocol.Parse(first.Value, _parseOptions) is not ClientHelloFrame hello)
        {
            throw new AspProtocolException(AspErrorCodes.BadFrame, "the first frame must be HELLO");
        }
        if (hello.Version != AspV1Protocol.Version)
        {
            throw new AspProtocolException(AspErrorCodes.UnsupportedVersion, "only v 1 is supported");
        }
        if (_options.Token is not null && !authenticated && (hello.Token is null || !TokenMatches(hello.Token)))
        {
            throw new AspProtocolException(AspErrorCodes.Unauthorized, "missing or wrong token");
        }
        var connectionId = "c-" + RandomId(8);
        var resumeToken = RandomId(24);
        EndpointSession session;
        ulong? clientLastSeq = null;
        if (hello.Resume is not null)
        {
            if (!_byResumeToken.TryRemove(hello.Resume, out var resumed) || !resumed.CanResumeFrom(hello.LastSeq ?? 0))
            {
                resumed?.End();
                throw new AspProtocolException(AspErrorCodes.ResumeFailed, "the session cannot be resumed");
            }
            session = resumed;
            clientLastSeq = hello.LastSeq ?? 0;
        }
        else
        {
            var reliable = hello.Caps.Contains(AspCapabilities.Reliable);
            session = new EndpointSession("s-" + RandomId(10), reliable, _agents, _options);
        }
        var caps = hello.Caps.Where(c => c is AspCapabilities.Reliable or AspCapabilities.Stream or AspCapabilities.Tools or AspCapabilities.Request)
            .Where(c => c != AspCapabilities.Reliable || session.Reliable).Distinct().ToList();
        var resumedFrom = clientLastSeq;
        var serverLastSeq = session.Inbound.LastProcessed;
        await session.AttachAsync(socket, connectionId, resumeToken, seq => new ServerHelloFrame(connectionId, session.Id,
            (uint)_options.Heartbeat.TotalMilliseconds, (uint)_options.MaxFrameSize, resumeToken, caps)
        {
            Seq = resumedFrom is null ? null : seq,
            LastSeq = resumedFrom is null ? null : serverLastSeq,
        }, clientLastSeq).ConfigureAwait(false);
        _byResumeToken[resumeToken] = session;
        return session;
    }

    /// <summary>Applies one client frame; false when it is not a frame a client may send now.</summary>
    private static async ValueTask<bool> ProcessAsync(EndpointSession session, AspFrame frame)
    {
        if (frame is AckFrame ack)
        {
            session.Acknowledge(ack.Seq);
            return true;
        }
        if (frame is ClientHelloFrame or ServerHelloFrame) return false;
        if (session.Reliable && frame.SessionSeq is { } seq)
        {
            switch (session.Inbound.Accept(seq))
            {
                case InboundVerdict.Duplicate: return true;
                case InboundVerdict.Gap: throw new AspProtocolException(AspErrorCodes.BadFrame, "frames missing before s " + seq);
            }
        }
        return await session.Dispatcher.HandleAsync(frame).ConfigureAwait(false);
    }

    private async Task AckLoopAsync(EndpointSession session, CancellationToken stop)
    {
        if (!session.Reliable) return;
        using var timer = new PeriodicTimer(_options.AckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                if (session.Inbound.TakeAck() is { } seq) await session.SendControlAsync(new AckFrame(seq)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Connection over.
        }
    }

    private void Expire(EndpointSession session)
    {
        _byResumeToken.TryRemove(session.ResumeToken, out _);
        session.Dispose();
    }

    private static async Task FailAsync(FrameSocket socket, string code, string message)
    {
        try
        {
            await socket.SendAsync(AspV1Protocol.ToArray(ErrorFrame.For(code, message)), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Already gone.
        }
        await socket.CloseAsync(AspErrorCodes.CloseCodeFor(code) ?? CloseCodes.ProtocolError, code).ConfigureAwait(false);
    }

    private static string? UpgradeToken(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        var query = http.Request.Query["access_token"].ToString();
        return string.IsNullOrEmpty(query) ? null : query;
    }

    private bool TokenMatches(string candidate) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(_options.Token!));

    private static string RandomId(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
