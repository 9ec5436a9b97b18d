using System.Buffers;
using System.Net.WebSockets;
using AgentPlatform.Client.Sessions;
using AgentPlatform.Protocol;
using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.Client.AgentSocket;

/// <summary>Connecting, the HELLO exchange, the receive loop and ACKs (reconnecting: AgentSocketClient.Reconnect.cs).</summary>
public sealed partial class AgentSocketClient
{
    private readonly Uri _url;
    private readonly AgentSocketClientOptions _options;

    // Parsing limits, built once: a per-frame `new` would allocate on every message received.
    private readonly AspV1Options _parseOptions;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private ReplayBuffer _outbox = new(int.MaxValue, long.MaxValue);
    private InboundSequence _inbound = new();
    private FrameSocket? _socket;
    private ServerHelloFrame? _hello;
    private Task? _receiveLoop;
    private Task? _ackLoop;
    private AgentSocketException? _lastConnectionError;
    private AgentSocketException? _broken;
    private volatile bool _disposed;
    private int _reconnects;

    private AgentSocketClient(Uri url, AgentSocketClientOptions options)
    {
        _url = url;
        _options = options;
        _parseOptions = new AspV1Options { MaxFrameSize = _options.MaxFrameSize };
    }

    /// <summary>The connection id the server gave this connection (changes on reconnect).</summary>
    public string? ConnectionId => _hello?.Cid;

    /// <summary>The session id (kept across resumes).</summary>
    public string? SessionId => _hello?.Session;

    /// <summary>True when the server granted a reliable session.</summary>
    public bool IsReliable { get; private set; }

    /// <summary>How many times the client reconnected (resumed or not).</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>Connects to <paramref name="url"/> (<c>ws://…/v1/agent-socket</c>) and completes the HELLO exchange.</summary>
    public static async Task<AgentSocketClient> ConnectAsync(Uri url, AgentSocketClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        var client = new AgentSocketClient(url, options ?? new AgentSocketClientOptions());
        try
        {
            var (socket, hello) = await client.OpenAsync(resume: false, cancellationToken).ConfigureAwait(false);
            client.Attach(socket, hello);
            client._receiveLoop = Task.Run(client.ReceiveLoopAsync, CancellationToken.None);
            client._ackLoop = Task.Run(client.AckLoopAsync, CancellationToken.None);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Drops the WebSocket without a close handshake, as a network failure would (for resilience tests).</summary>
    public void AbortConnection() => _socket?.Socket.Abort();

    private async Task<(FrameSocket Socket, ServerHelloFrame Hello)> OpenAsync(bool resume, CancellationToken cancellationToken)
    {
        var web = new ClientWebSocket();
        web.Options.AddSubProtocol(AspV1Protocol.SubProtocol);
        web.Options.KeepAliveInterval = _options.KeepAliveInterval;
        web.Options.CollectHttpResponseDetails = true;
        var socket = new FrameSocket(web, _options.MaxFrameSize);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
            timeout.CancelAfter(_options.ConnectTimeout);
            // Trimmed: a token read from a file ends with a newline, which no header may carry.
            var token = (_options.AccessTokenProvider is { } provide ? await provide(timeout.Token).ConfigureAwait(false) : _options.Token)?.Trim();
            if (!string.IsNullOrEmpty(token)) web.Options.SetRequestHeader("Authorization", "Bearer " + token);
            try
            {
                await web.ConnectAsync(_url, timeout.Token).ConfigureAwait(false);
            }
            catch (WebSocketException ex)
            {
                throw Refused(web, token, ex);
            }
            List<string> caps = [AspCapabilities.Stream, AspCapabilities.Tools, AspCapabilities.Request];
            if (_options.Reliable) caps.Insert(0, AspCapabilities.Reliable);
            var hello = new ClientHelloFrame(AspV1Protocol.Version, caps)
            {
                Resume = resume ? _hello?.ResumeToken : null,
                LastSeq = resume ? _inbound.LastProcessed : null,
            };
            await socket.SendAsync(AspV1Protocol.ToArray(hello), timeout.Token).ConfigureAwait(false);
            var answer = await socket.ReceiveAsync(timeout.Token).ConfigureAwait(false)
                ?? throw new AgentSocketException(AgentSocketException.ConnectionLost, "the server closed during HELLO", true);
            switch (AspV1Protocol.Parse(answer))
            {
                case ServerHelloFrame serverHello:
                    return (socket, serverHello);
                case ErrorFrame error:
                    throw new AgentSocketException(error.Code, error.Message, error.Retryable);
                default:
                    throw new AgentSocketException(AspErrorCodes.BadFrame, "the server did not answer HELLO with HELLO", false);
            }
        }
        catch (Exception ex) when (ex is not AgentSocketException)
        {
            socket.Dispose();
            throw new AgentSocketException(AgentSocketException.ConnectionLost, "connect failed: " + ex.Message, true, ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The exception for a failed upgrade: 401 and 403 are final (UNAUTHORIZED, FORBIDDEN; a retry presents the same
    /// credential), anything else may pass later. The server's reason reaches the message, never the token.
    /// </summary>
    private static AgentSocketException Refused(ClientWebSocket web, string? token, WebSocketException ex)
    {
        if (UpgradeRefusal.Status(web) is not { } status)
        {
            return new AgentSocketException(AgentSocketException.ConnectionLost, "could not connect: " + ex.Message, true, ex);
        }
        var reason = UpgradeRefusal.Reason(web, token);
        var message = UpgradeRefusal.Describe(status, reason);
        var (code, retryable) = status switch
        {
            System.Net.HttpStatusCode.Unauthorized => (AspErrorCodes.Unauthorized, false),
            System.Net.HttpStatusCode.Forbidden => (AspErrorCodes.Forbidden, false),
            _ => (AgentSocketException.ConnectionLost, true),
        };
        return new AgentSocketException(code, code == AgentSocketException.ConnectionLost ? "could not connect: " + message : message, retryable, ex)
        {
            Reason = reason,
            HttpStatus = (int)status,
        };
    }

    private void Attach(FrameSocket socket, ServerHelloFrame hello)
    {
        _hello = hello;
        IsReliable = hello.Caps.Contains(AspCapabilities.Reliable);
        _socket = socket;
    }

    /// <summary>Numbers (in a reliable session), keeps for replay and sends; while reconnecting the frame waits in the buffer.</summary>
    private async ValueTask SendAsync(AspFrame frame)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Broken() is { } broken) throw broken;
            var buffer = new ArrayBufferWriter<byte>(128);
            if (IsReliable)
            {
                var seq = _outbox.Next();
                AspV1Protocol.Write(frame, seq, buffer);
                _outbox.Add(seq, buffer.WrittenSpan.ToArray());
            }
            else
            {
                AspV1Protocol.Write(frame, null, buffer);
            }
            var socket = _socket;
            if (socket is null)
            {
                if (IsReliable) return;
                throw _lastConnectionError ?? new AgentSocketException(AgentSocketException.ConnectionLost, "not connected", true);
            }
            try
            {
                await socket.SendAsync(buffer.WrittenMemory, _lifetime.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
            {
                // Reliable: the replay after the resume delivers it. Otherwise the receive loop fails the invocations.
                if (!IsReliable) throw new AgentSocketException(AgentSocketException.ConnectionLost, "send failed: " + ex.Message, true, ex);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        while (!_disposed)
        {
            var socket = _socket;
            Exception? failure = null;
            if (socket is not null)
            {
                try
                {
                    while (true)
                    {
                        var message = await socket.ReceiveAsync(_lifetime.Token).ConfigureAwait(false);
                        if (message is null) break;
                        var frame = AspV1Protocol.Parse(message.Value, _parseOptions);
                        if (frame is AckFrame ack)
                        {
                            await AcknowledgeAsync(ack.Seq).ConfigureAwait(false);
                            continue;
                        }
                        if (IsReliable && frame.SessionSeq is { } seq)
                        {
                            var verdict = _inbound.Accept(seq);
                            if (verdict == InboundVerdict.Duplicate) continue;
                            if (verdict == InboundVerdict.Gap) throw new AspProtocolException(AspErrorCodes.BadFrame, "frames missing before s " + seq);
                        }
                        await DispatchAsync(frame).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or AspProtocolException or IOException or ObjectDisposedException)
                {
                    failure = ex;
                }
            }
            if (_disposed) break;
            await DetachAsync(socket).ConfigureAwait(false);
            var closedByServer = socket?.Socket.CloseStatus is { } status && status != WebSocketCloseStatus.EndpointUnavailable;
            if (!IsReliable || !_options.AutoReconnect || closedByServer || failure is AspProtocolException)
            {
                Break(_lastConnectionError ?? new AgentSocketException(AgentSocketException.ConnectionLost,
                    "connection lost" + (failure is null ? "" : ": " + failure.Message), true, failure));
                return;
            }
            if (!await ReconnectAsync().ConfigureAwait(false)) return;
        }
    }

    private async Task DetachAsync(FrameSocket? socket)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (ReferenceEquals(_socket, socket)) _socket = null;
        }
        finally
        {
            _sendLock.Release();
        }
        socket?.Dispose();
    }

    private async ValueTask AcknowledgeAsync(ulong seq)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _outbox.Acknowledge(seq);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task AckLoopAsync()
    {
        using var timer = new PeriodicTimer(_options.AckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_lifetime.Token).ConfigureAwait(false))
            {
                if (!IsReliable) continue;
                var socket = _socket;
                if (socket is null) continue;
                if (_inbound.TakeAck() is not { } seq) continue;
                try
                {
                    await socket.SendAsync(AspV1Protocol.ToArray(new AckFrame(seq)), _lifetime.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
                {
                    // Lost connection: the resume HELLO carries lastSeq instead.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    /// <summary>Acknowledges what was received, closes politely (ending the session) and fails what is still in flight.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        var socket = _socket;
        if (socket is not null && IsReliable && _inbound.TakeAck() is { } seq)
        {
            try
            {
                await socket.SendAsync(AspV1Protocol.ToArray(new AckFrame(seq)), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
            {
                // Already gone.
            }
        }
        _disposed = true;
        if (socket is not null) await socket.CloseAsync(CloseCodes.Normal, "bye").ConfigureAwait(false);
        await _lifetime.CancelAsync().ConfigureAwait(false);
        foreach (var loop in new[] { _receiveLoop, _ackLoop })
        {
            if (loop is null) continue;
            try
            {
                await loop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                // Loops end with the lifetime token; a stuck one is abandoned.
            }
        }
        // Interrupts and REQUEST answers still running end now that sends fail; wait for them before the lock goes.
        await _background.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        FailAll(new AgentSocketException(AgentSocketException.ConnectionLost, "the client was disposed", false));
        socket?.Dispose();
        _sendLock.Dispose();
        _lifetime.Dispose();
    }
}
