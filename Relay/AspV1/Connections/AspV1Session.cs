using AgentPlatform.Protocol;
using System.Buffers;
using System.Net.WebSockets;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Core.Transport;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Relay.AspV1.Connections;

/// <summary>
/// One accepted asp-v1 WebSocket: waits for HELLO (new session or resume), then reads frames until the socket
/// ends, enforcing the limits; what each frame does is <see cref="AspV1FrameHandler"/>'s business.
/// </summary>
public sealed partial class AspV1Session(WebSocket socket, AspV1Services services, ILogger logger)
{
    private readonly WebSocketFrameTransport _transport = new(socket);
    private readonly Limits.ConnectionLimits _limits = services.Options.Limits;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);
    private RelayConnection? _connection;
    private ITimer? _idle;
    private ITimer? _ack;

    public async Task RunAsync(CancellationToken aborted)
    {
        try
        {
            _idle = services.Time.CreateTimer(static s => ((AspV1Session)s!).OnIdle(), this, HelloTimeout, Timeout.InfiniteTimeSpan);
            var handler = await HandshakeAsync(aborted).ConfigureAwait(false);
            if (handler is null) return;
            await ReadLoopAsync(handler, aborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The socket died (peer gone, pong missing, server stopping): handled below like any other end.
        }
        finally
        {
            if (_idle is not null) await _idle.DisposeAsync().ConfigureAwait(false);
            if (_ack is not null) await _ack.DisposeAsync().ConfigureAwait(false);
            if (_connection is { } c)
            {
                services.Core.TransportLost(c, _transport);
                // A server-side close drains the outbox and sends the close frame; the socket must outlive that.
                await Task.WhenAny(c.TransportClosed, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
            }
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }

    private TimeSpan HelloTimeout => _limits.IdleTimeout < TimeSpan.FromSeconds(10) ? _limits.IdleTimeout : TimeSpan.FromSeconds(10);

    private async Task<AspV1FrameHandler?> HandshakeAsync(CancellationToken aborted)
    {
        var message = await ReceiveAsync(aborted).ConfigureAwait(false);
        if (message is null) return null;
        AspFrame frame;
        try
        {
            frame = AspV1Protocol.Parse(message.Value, services.ParseOptions);
        }
        catch (AspProtocolException ex)
        {
            await FailBeforeHelloAsync(ex.Code, ex.Message).ConfigureAwait(false);
            return null;
        }
        if (frame is not ClientHelloFrame hello)
        {
            await FailBeforeHelloAsync(AspErrorCodes.BadFrame, "the first frame must be HELLO").ConfigureAwait(false);
            return null;
        }
        if (hello.Version != 1)
        {
            await FailBeforeHelloAsync(AspErrorCodes.UnsupportedVersion, "this server speaks asp-v1 (v = 1)").ConfigureAwait(false);
            return null;
        }
        // The upgrade was authenticated already; a token repeated in HELLO must still be the right one.
        if (hello.Token is { } helloToken && !services.Authenticator.Matches(helloToken))
        {
            await FailBeforeHelloAsync(AspErrorCodes.Unauthorized, "the HELLO token is not valid").ConfigureAwait(false);
            return null;
        }
        var handshake = new AspV1Handshake(services);
        var result = hello.Resume is { } token
            ? handshake.Resume(token, hello, _transport)
            : await handshake.OpenAsync(hello, _transport).ConfigureAwait(false);
        if (result.Connection is null)
        {
            await FailBeforeHelloAsync(result.ErrorCode!, result.ErrorMessage!).ConfigureAwait(false);
            return null;
        }
        _connection = result.Connection;
        _connection.Counters.FrameIn((int)message.Value.Length);
        var state = (AspV1ConnectionState)_connection.DialectState!;
        _idle?.Change(_limits.IdleTimeout, Timeout.InfiniteTimeSpan);
        if (state.Reliable)
        {
            _ack = services.Time.CreateTimer(static s => ((AspV1Session)s!).SendAckIfDue(), this, services.Options.AckInterval, services.Options.AckInterval);
        }
        return new AspV1FrameHandler(_connection, state, services);
    }

    private async Task ReadLoopAsync(AspV1FrameHandler handler, CancellationToken aborted)
    {
        var connection = _connection!;
        while (true)
        {
            var message = await ReceiveAsync(aborted).ConfigureAwait(false);
            if (message is null) return;
            _idle?.Change(_limits.IdleTimeout, Timeout.InfiniteTimeSpan);
            connection.Counters.FrameIn((int)message.Value.Length);
            services.Telemetry.FramesIn.Add(1);
            var keepGoing = await handler.HandleAsync(message.Value).ConfigureAwait(false);
            if (!keepGoing) return;
        }
    }

    /// <summary>Reads one whole message; null when the peer closed. Text and oversized messages end the session.</summary>
    private async Task<ReadOnlySequence<byte>?> ReceiveAsync(CancellationToken aborted)
    {
        var length = 0;
        while (true)
        {
            if (length == _buffer.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _limits.MaxFrameBytes + 1));
                _buffer.AsSpan(0, length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }
            var result = await socket.ReceiveAsync(_buffer.AsMemory(length), aborted).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await _transport.CloseAsync(CloseCodes.Normal, "", CancellationToken.None).ConfigureAwait(false);
                if (_connection is { } c) services.Core.Close(c, "client closed");
                return null;
            }
            length += result.Count;
            if (length > _limits.MaxFrameBytes)
            {
                services.Telemetry.Rejections.Add(1, new KeyValuePair<string, object?>("reason", "frame_too_large"));
                await FailAsync(AspErrorCodes.FrameTooLarge, $"frames are limited to {_limits.MaxFrameBytes} bytes").ConfigureAwait(false);
                return null;
            }
            if (result.MessageType == WebSocketMessageType.Text)
            {
                await FailAsync(AspErrorCodes.BadFrame, "asp-v1 frames are binary messages").ConfigureAwait(false);
                return null;
            }
            if (result.EndOfMessage) return new ReadOnlySequence<byte>(_buffer, 0, length);
        }
    }

    private void OnIdle()
    {
        // A client waiting on a long stream sends nothing and is not idle.
        if (_connection is { DialectState: AspV1ConnectionState { Invocations.IsEmpty: false } })
        {
            _idle?.Change(_limits.IdleTimeout, Timeout.InfiniteTimeSpan);
            return;
        }
        LogIdle(logger, _connection?.Id ?? "-");
        _ = FailAsync(AspErrorCodes.IdleTimeout, "no frame within the idle timeout");
    }

    private void SendAckIfDue()
    {
        if (_connection is not { DialectState: AspV1ConnectionState state } c || c.Transport is null) return;
        var processed = state.LastProcessedInbound;
        if (processed <= state.LastAckSent) return;
        state.LastAckSent = processed;
        _ = AspFrameSender.SendAsync(c, new AckFrame((ulong)processed), c.Closed).AsTask();
    }

    /// <summary>A connection-level error: ERROR, then close with the code the spec gives it.</summary>
    private async Task FailAsync(string code, string message)
    {
        var close = AspErrorCodes.CloseCodeFor(code) ?? CloseCodes.ProtocolError;
        if (_connection is { } c)
        {
            await AspFrameSender.SendAsync(c, ErrorFrame.For(code, message), CancellationToken.None).ConfigureAwait(false);
            services.Core.Close(c, code, close);
        }
        else
        {
            await FailBeforeHelloAsync(code, message).ConfigureAwait(false);
        }
    }

    private async Task FailBeforeHelloAsync(string code, string message)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _transport.SendAsync(AspFrameSender.Encode(ErrorFrame.For(code, message)), cts.Token).ConfigureAwait(false);
            await _transport.CloseAsync(AspErrorCodes.CloseCodeFor(code) ?? CloseCodes.ProtocolError, code, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            _transport.Abort();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "asp-v1 connection {ConnectionId} idle; closing")]
    private static partial void LogIdle(ILogger logger, string connectionId);
}
