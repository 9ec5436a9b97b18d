using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Limits;
using AgentPlatform.Server.AspV1.Invocations;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>
/// One agenkit client socket (Unix or TCP): reads frames, answers each request by its id (many in flight at once),
/// writes through the Relay core's outbox of its connection in hub <c>agenkit</c>. A frame over the size limit or a
/// body that does not decode is answered with its error and ends the connection (docs/protocol/agenkit.md,
/// "Connection policy"); a request-level fault is answered and the connection goes on.
/// </summary>
internal sealed partial class AgenkitConnection(AgenkitServices services, Stream stream, Socket socket, string transportName) : IFrameOutput
{
    private readonly ConcurrentDictionary<string, AgenkitPendingRequest> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, InvocationTable> _tables = new(StringComparer.Ordinal);
    private RelayConnection _relay = null!;
    private AgenkitCodec _codec = AgenkitCodec.Json;
    private long _framesRead;
    private long _opened;
    private int _handshakeExpired;
    private MessageRateGate? _rate;
    private long _lastActivity;
    private int _stopped;

    /// <summary>Serves the socket until the peer leaves, a fault closes it, or <paramref name="stopping"/> fires.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var transport = new AgenkitStreamTransport(stream, socket);
        _relay = await services.Core.OpenAsync(new ConnectionRegistration { Hub = AgenkitDialect.HubName, Dialect = services.Dialect }, transport, stopping)
            .ConfigureAwait(false);
        _relay.DialectState = this;
        LogOpened(services.Logger, _relay.Id, transportName);
        Touch();
        _opened = services.Time.GetTimestamp();
        _rate = services.MessageLimits is { } messageLimits ? new MessageRateGate(messageLimits, services.Time) : null;
        var shortest = Math.Min(services.Options.IdleTimeout.Ticks, services.HandshakeTimeout.Ticks);
        var period = TimeSpan.FromTicks(Math.Max(shortest / 4, TimeSpan.TicksPerMillisecond * 10));
        using var idle = services.Time.CreateTimer(static s => ((AgenkitConnection)s!).CheckIdle(), this, period, period);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        var reason = "the peer closed the connection";
        try
        {
            reason = await ReadLoopAsync(reader, stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            reason = stopping.IsCancellationRequested ? "the Relay is stopping" : "the connection dropped";
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            await StopAsync(reason).ConfigureAwait(false);
        }
    }

    private async Task<string> ReadLoopAsync(PipeReader reader, CancellationToken stopping)
    {
        var max = services.Options.MaxFrameBytes;
        while (true)
        {
            var result = await reader.ReadAsync(stopping).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                while (true)
                {
                    var status = AgenkitFraming.TryReadFrame(ref buffer, max, out var body, out var length);
                    if (status == AgenkitFrameStatus.Incomplete) break;
                    Touch();
                    _relay.Counters.FrameIn(AgenkitProtocol.HeaderLength + (status == AgenkitFrameStatus.TooLarge ? 0 : (int)length));
                    if (status == AgenkitFrameStatus.TooLarge)
                    {
                        // Decided from the header: the body is never read, the connection cannot be resynchronised.
                        var details = new JsonObject { ["reason"] = AgenkitErrorReasons.FrameTooLarge, ["max_bytes"] = max, ["announced_bytes"] = length };
                        await SendErrorAsync(AgenkitProtocol.UnknownId, new AgenkitError(AgenkitErrorCodes.MessageTooLarge,
                            $"Frame of {length} bytes is over the {max}-byte limit", details)).ConfigureAwait(false);
                        return "a frame over the size limit";
                    }
                    Interlocked.Increment(ref _framesRead);
                    var decoded = AgenkitEnvelopeCodec.Decode(body, _codec);
                    if (decoded.Envelope is not { } envelope)
                    {
                        await SendAsync(decoded.ToErrorEnvelope(services.Time.GetUtcNow())).ConfigureAwait(false);
                        return "an undecodable frame (" + decoded.Error!.Code + ")";
                    }
                    var verdict = _rate?.Check() ?? RateVerdict.Allowed;
                    if (verdict != RateVerdict.Allowed)
                    {
                        // Relay/Limits: over the per-connection rate the request is answered, not run; repeated abuse ends the connection.
                        await SendErrorAsync(envelope.Id, new AgenkitError(AgenkitErrorCodes.AgentUnavailable, "Rate limit exceeded: slow down",
                            new JsonObject { ["reason"] = "rate_limited", ["frames_per_second"] = services.MessageLimits!.FramesPerSecond })).ConfigureAwait(false);
                        if (verdict == RateVerdict.Close) return "the rate limit exceeded too often";
                        continue;
                    }
                    if (await AuthorizeAsync(envelope).ConfigureAwait(false) is { } refused) return refused;
                    await DispatchAsync(envelope).ConfigureAwait(false);
                }
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
            if (result.IsCompleted || result.IsCanceled) return "the peer closed the connection";
        }
    }

    /// <summary>Encodes and queues one envelope; an answer over the frame limit becomes an error. False when the peer is gone.</summary>
    private async ValueTask<bool> SendAsync(AgenkitEnvelope envelope)
    {
        var output = new ArrayBufferWriter<byte>(256);
        if (!AgenkitFraming.TryWriteFrame(output, envelope, _codec, services.Options.MaxFrameBytes))
        {
            var details = new JsonObject { ["reason"] = AgenkitErrorReasons.FrameTooLarge, ["max_bytes"] = services.Options.MaxFrameBytes };
            output.Clear();
            AgenkitFraming.TryWriteFrame(output, AgenkitEnvelope.ForError(envelope.Id,
                new AgenkitError(AgenkitErrorCodes.InternalError, "The answer is larger than the frame limit", details), services.Time.GetUtcNow()), _codec, int.MaxValue);
        }
        var sequence = await _relay.SendAsync(new OutboundFrame(output.WrittenMemory, FrameType.Binary), tracked: false, CancellationToken.None)
            .ConfigureAwait(false);
        return sequence >= 0;
    }

    private ValueTask<bool> SendErrorAsync(string id, AgenkitError error) => SendAsync(AgenkitEnvelope.ForError(id, error, services.Time.GetUtcNow()));

    private ValueTask<bool> SendErrorAsync(string id, string code, string message, string reason) =>
        SendErrorAsync(id, new AgenkitError(code, message, new JsonObject { ["reason"] = reason }));

    private void Touch() => Interlocked.Exchange(ref _lastActivity, services.Time.GetUtcNow().UtcTicks);

    private void CheckIdle()
    {
        if (Volatile.Read(ref _stopped) != 0) return;
        if (Interlocked.Read(ref _framesRead) == 0 && services.Time.GetElapsedTime(_opened) >= services.HandshakeTimeout
            && Interlocked.Exchange(ref _handshakeExpired, 1) == 0)
        {
            _ = HandshakeExpiredAsync();
            return;
        }
        if (!_pending.IsEmpty) return;
        var silent = services.Time.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastActivity);
        if (silent > services.Options.IdleTimeout.Ticks) services.Core.Close(_relay, "idle");
    }

    /// <summary>Relay/Limits: no first frame within Relay:Limits:HandshakeTimeout: told why (CONNECTION_TIMEOUT), then closed.</summary>
    private async Task HandshakeExpiredAsync()
    {
        var details = new JsonObject { ["reason"] = "handshake_timeout", ["timeout_ms"] = (long)services.HandshakeTimeout.TotalMilliseconds };
        await SendErrorAsync(AgenkitProtocol.UnknownId, new AgenkitError(AgenkitErrorCodes.ConnectionTimeout, "No frame arrived in time", details)).ConfigureAwait(false);
        services.Core.Close(_relay, "no first frame in time");
    }

    private async Task StopAsync(string reason)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        foreach (var pending in _pending.Values)
        {
            pending.TryFinish();
            if (pending.Forwarding is { } forwarding) await forwarding.CancelAsync().ConfigureAwait(false);
        }
        foreach (var table in _tables.Values) await table.StopAllAsync(reason).ConfigureAwait(false);
        services.Agents.Release(_relay.Id);
        services.Core.Close(_relay, reason);
        await _relay.TransportClosed.ConfigureAwait(false);
        LogClosed(services.Logger, _relay.Id, transportName, reason);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "agenkit connection {ConnectionId} opened over {Transport}")]
    private static partial void LogOpened(ILogger logger, string connectionId, string transport);

    [LoggerMessage(Level = LogLevel.Debug, Message = "agenkit connection {ConnectionId} over {Transport} closed: {Reason}")]
    private static partial void LogClosed(ILogger logger, string connectionId, string transport, string reason);
}
