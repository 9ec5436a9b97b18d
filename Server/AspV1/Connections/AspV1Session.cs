using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using AgentPlatform.Protocol;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Server.AspV1.Connections;

/// <summary>
/// One accepted asp-v1 socket: reads whole messages from the pipe its transport fills, waits for HELLO (a new session
/// or a resume), then hands every frame to <see cref="AspV1FrameHandler"/> until the input ends, enforcing the
/// idle timeout and the reliable-session ACK cadence. What each frame does is the handler's business.
/// </summary>
public sealed class AspV1Session(AspV1Engine engine, PipeReader input, IFrameTransport transport, AspV1Admission admission)
{
    private readonly Limits.ConnectionLimits _limits = engine.Options.Limits;
    private IAspV1Connection? _connection;
    private AspV1FrameHandler? _handler;
    private ITimer? _idle;
    private ITimer? _ack;
    private int _ackArmed;
    private long _lastFrame;
    private CancellationToken _aborted;

    /// <summary>The session this socket serves, once HELLO was accepted.</summary>
    public IAspV1Connection? Connection => _connection;

    /// <summary>Reads until the input ends; <paramref name="peerClosed"/> tells a polite goodbye from a lost socket.</summary>
    public async Task RunAsync(Func<bool> peerClosed, CancellationToken aborted)
    {
        ArgumentNullException.ThrowIfNull(peerClosed);
        _aborted = aborted;
        try
        {
            _idle = engine.Time.CreateTimer(static s => ((AspV1Session)s!).OnIdle(), this, engine.Options.HelloTimeout, Timeout.InfiniteTimeSpan);
            while (true)
            {
                var result = await input.ReadAsync(aborted).ConfigureAwait(false);
                var buffer = result.Buffer;
                var keepGoing = true;
                try
                {
                    while (keepGoing && InboundMessages.TryRead(ref buffer, out var kind, out var payload))
                    {
                        keepGoing = await OnMessageAsync(kind, payload).ConfigureAwait(false);
                    }
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                }
                if (!keepGoing) return;
                if (result.IsCompleted)
                {
                    // A close frame from the peer is a goodbye: the session ends (a resume needs an abrupt loss).
                    if (peerClosed() && _connection is { } c) engine.Sessions.Close(c, "client closed", CloseCodes.Normal);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The socket died (peer gone, pong missing, server stopping): handled below like any other end.
        }
        finally
        {
            if (_idle is not null) await _idle.DisposeAsync().ConfigureAwait(false);
            if (_ack is not null) await _ack.DisposeAsync().ConfigureAwait(false);
            await input.CompleteAsync().ConfigureAwait(false);
            if (_connection is { } c)
            {
                engine.Sessions.TransportLost(c, transport);
                // A server-side close drains the outbox and sends the close frame; the socket must outlive that.
                await Task.WhenAny(engine.Sessions.TransportClosed(c), Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Closes with 1001: the server is draining; a reliable client resumes elsewhere.</summary>
    public Task DrainAsync()
    {
        if (_connection is { } c)
        {
            engine.Sessions.Close(c, "server shutting down", CloseCodes.GoingAway);
            return engine.Sessions.TransportClosed(c);
        }
        return CloseBeforeHelloAsync(CloseCodes.GoingAway, "server shutting down");
    }

    private async ValueTask<bool> OnMessageAsync(MessageKind kind, ReadOnlySequence<byte> payload)
    {
        switch (kind)
        {
            case MessageKind.TooLarge:
                engine.Observer.Rejected("frame_too_large");
                await FailAsync(AspErrorCodes.FrameTooLarge, $"frames are limited to {_limits.MaxFrameBytes} bytes").ConfigureAwait(false);
                return false;
            case MessageKind.Text:
                await FailAsync(AspErrorCodes.BadFrame, "asp-v1 frames are binary messages").ConfigureAwait(false);
                return false;
        }
        if (_handler is null)
        {
            _handler = await HandshakeAsync(payload).ConfigureAwait(false);
            return _handler is not null;
        }
        // A timestamp, not a timer change per frame: the idle timer checks it when it fires (a busy stream would
        // otherwise reschedule a timer on every message).
        Volatile.Write(ref _lastFrame, engine.Time.GetTimestamp());
        engine.Observer.FrameReceived(_connection!, (int)payload.Length);
        var keepGoing = await _handler.HandleAsync(payload).ConfigureAwait(false);
        if (_ack is not null) ArmAck();
        return keepGoing;
    }

    /// <summary>Starts the one-shot ACK timer when processed frames wait for an ACK; an idle session runs no timer.</summary>
    private void ArmAck()
    {
        var state = _connection!.State!;
        if (state.LastProcessedInbound > state.LastAckSent && Interlocked.CompareExchange(ref _ackArmed, 1, 0) == 0)
        {
            _ack!.Change(engine.Options.AckInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task<AspV1FrameHandler?> HandshakeAsync(ReadOnlySequence<byte> message)
    {
        AspFrame frame;
        try
        {
            frame = AspV1Protocol.Parse(message, engine.ParseOptions);
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
        var handshake = new AspV1Handshake(engine);
        // Opening may wait on the backplane: the HELLO timer must not close the socket under it.
        _idle?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var result = handshake.Admit(hello, admission, out var effective);
        if (result is null)
        {
            result = hello.Resume is { } token
                ? await handshake.ResumeAsync(token, hello, transport, effective, _aborted).ConfigureAwait(false)
                : await handshake.OpenAsync(hello, transport, effective, _aborted).ConfigureAwait(false);
        }
        if (result.Connection is null)
        {
            if (result.ErrorCode == AspErrorCodes.Unauthorized) engine.Observer.Rejected("unauthorized");
            _idle?.Change(engine.Options.HelloTimeout, Timeout.InfiniteTimeSpan);
            await FailBeforeHelloAsync(result.ErrorCode!, result.ErrorMessage!).ConfigureAwait(false);
            return null;
        }
        _connection = result.Connection;
        var state = _connection.State!;
        engine.Observer.FrameReceived(_connection, (int)message.Length);
        Volatile.Write(ref _lastFrame, engine.Time.GetTimestamp());
        _idle?.Change(_limits.IdleTimeout, Timeout.InfiniteTimeSpan);
        if (state.Reliable)
        {
            // Armed only while something waits to be acknowledged (ArmAck), never periodic.
            _ack = engine.Time.CreateTimer(static s => ((AspV1Session)s!).SendAckIfDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            ArmAck();
        }
        return new AspV1FrameHandler(_connection, state, engine);
    }

    private void OnIdle()
    {
        if (_connection is not null)
        {
            var quiet = engine.Time.GetElapsedTime(Volatile.Read(ref _lastFrame));
            if (quiet < _limits.IdleTimeout)
            {
                _idle?.Change(_limits.IdleTimeout - quiet, Timeout.InfiniteTimeSpan);
                return;
            }
        }
        // A client waiting on a long stream sends nothing and is not idle.
        if (_connection?.State?.Invocations is { IsEmpty: false })
        {
            _idle?.Change(_limits.IdleTimeout, Timeout.InfiniteTimeSpan);
            return;
        }
        engine.Work.Track(FailAsync(AspErrorCodes.IdleTimeout, _connection is null ? "no HELLO in time" : "no frame within the idle timeout"));
    }

    private void SendAckIfDue()
    {
        // Disarmed before reading the counters (a full fence): a frame processed meanwhile re-arms the timer.
        Interlocked.Exchange(ref _ackArmed, 0);
        if (_connection is not { State: { } state, IsAttached: true } c) return;
        var processed = state.LastProcessedInbound;
        if (processed <= state.LastAckSent) return;
        state.LastAckSent = processed;
        engine.Work.Track(AspFrameSender.SendAsync(c, new AckFrame((ulong)processed), c.Closed).AsTask());
    }

    /// <summary>A connection-level error: ERROR, then close with the code the spec gives it.</summary>
    private async Task FailAsync(string code, string message)
    {
        var close = AspErrorCodes.CloseCodeFor(code) ?? CloseCodes.ProtocolError;
        if (_connection is { } c)
        {
            await AspFrameSender.SendAsync(c, ErrorFrame.For(code, message), CancellationToken.None).ConfigureAwait(false);
            engine.Sessions.Close(c, code, close);
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
            await transport.SendAsync(AspFrameSender.Encode(ErrorFrame.For(code, message)), cts.Token).ConfigureAwait(false);
            await transport.CloseAsync(AspErrorCodes.CloseCodeFor(code) ?? (code == AspErrorCodes.Forbidden ? CloseCodes.PolicyViolation : CloseCodes.ProtocolError), code, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            transport.Abort();
        }
    }

    private async Task CloseBeforeHelloAsync(int code, string reason)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await transport.CloseAsync(code, reason, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            transport.Abort();
        }
    }
}
