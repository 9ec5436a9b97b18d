using System.Buffers;
using System.Net.WebSockets;
using AgentPlatform.Protocol;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.Auth;
using AgentPlatform.Protocol.WebPubSub.CloudEvents;
using AgentPlatform.Protocol.WebPubSub.Messages;
using AgentPlatform.Protocol.WebPubSub.Requests;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Limits;
using AgentPlatform.Relay.WebPubSub.Upstream;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Relay.WebPubSub.Connections;

/// <summary>
/// Runs a Web PubSub connection after its handshake: reads frames, maps them to core operations (join, leave,
/// publish, ack) and queues user events for the upstream handler, which run one at a time per connection so that
/// pings and sequence acks keep flowing while a handler works.
/// </summary>
public sealed partial class WebPubSubSession(RelayCore core, WebPubSubUpstreamClient upstream, ILogger<WebPubSubSession> logger,
    RelayOptions? relayOptions = null, TimeProvider? time = null)
{
    private const int ReceiveChunk = 16 * 1024;

    /// <summary>Relay/Limits: the ack error name of a message refused for its rate (the service's 429 in an ack).</summary>
    public const string RateLimitedAckError = "TooManyRequests";

    /// <summary>Starts the per-connection work that outlives sockets: the event queues and the connected event.</summary>
    public void Connected(RelayConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var context = (WebPubSubConnectionContext)connection.DialectState!;
        _ = Task.Run(() => RunEventsAsync(connection, context));
        _ = Task.Run(() => NotifyAsync(connection, WebPubSubEventKind.Connected, "connected", new Dictionary<string, string>()));
    }

    /// <summary>Called once when the core closed the connection for good.</summary>
    public void Closed(RelayConnection connection, string reason)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.DialectState is not WebPubSubConnectionContext context) return;
        context.Events.Writer.TryComplete();
        context.RawEvents.Writer.TryComplete();
        _ = Task.Run(() => NotifyAsync(connection, WebPubSubEventKind.Disconnected, "disconnected", new DisconnectedEventRequest(reason)));
    }

    /// <summary>Reads the socket until it closes; then hands the connection back to the core (suspend or close).</summary>
    public async Task RunAsync(RelayConnection connection, WebSocket socket, IFrameTransport transport)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(socket);
        var context = (WebPubSubConnectionContext)connection.DialectState!;
        var buffer = new ArrayBufferWriter<byte>(ReceiveChunk);
        var rate = relayOptions is null ? null : new MessageRateGate(relayOptions.Limits, time ?? TimeProvider.System);
        CancellationTokenSource? closing = null;
        try
        {
            while (true)
            {
                // Receives are never cancelled while the connection lives (cancelling aborts a WebSocket); once the
                // core closed the connection, the loop only waits, bounded, for the client's close frame so that
                // the closing handshake completes instead of the socket being torn down under it.
                if (closing is null && connection.State == ConnectionState.Closed)
                {
                    closing = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                }
                buffer.ResetWrittenCount();
                var (type, tooBig) = await ReceiveMessageAsync(socket, buffer, closing?.Token ?? CancellationToken.None).ConfigureAwait(false);
                if (type == WebSocketMessageType.Close) break;
                if (connection.State == ConnectionState.Closed) continue;
                connection.Counters.FrameIn(buffer.WrittenCount);
                if (tooBig)
                {
                    await CloseAsync(connection, "frame exceeds 1 MB", CloseCodes.MessageTooBig).ConfigureAwait(false);
                    continue;
                }
                if (rate?.Check() is { } verdict and not RateVerdict.Allowed)
                {
                    await RateLimitedAsync(connection, context, buffer.WrittenMemory, verdict).ConfigureAwait(false);
                    continue;
                }
                if (context.IsSimpleClient)
                {
                    var payload = new WebPubSubPayload(type == WebSocketMessageType.Text ? WebPubSubDataType.Text : WebPubSubDataType.Binary, buffer.WrittenMemory.ToArray());
                    await context.RawEvents.Writer.WriteAsync(payload, connection.Closed).ConfigureAwait(false);
                    continue;
                }
                if (type != WebSocketMessageType.Text)
                {
                    await CloseAsync(connection, "JSON subprotocols take text frames only", CloseCodes.PolicyViolation).ConfigureAwait(false);
                    continue;
                }
                await DispatchAsync(connection, context, buffer.WrittenMemory).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException
                                       or System.Threading.Channels.ChannelClosedException)
        {
            // The socket dropped, or the client never answered our close: both end in TransportLost below.
        }
        finally
        {
            closing?.Dispose();
        }
        if (socket.State == WebSocketState.CloseReceived)
        {
            // The client closed first: answer its close frame (a reliable session stays suspended for recovery).
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cts.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                socket.Abort();
            }
        }
        core.TransportLost(connection, transport);
    }

    /// <summary>Relay/Limits: a message over the rate is dropped; a request with an ackId is told so; repeated excess closes 1008.</summary>
    private async Task RateLimitedAsync(RelayConnection connection, WebPubSubConnectionContext context, ReadOnlyMemory<byte> frame, RateVerdict verdict)
    {
        if (verdict == RateVerdict.Close)
        {
            await CloseAsync(connection, "rate limit exceeded", CloseCodes.PolicyViolation).ConfigureAwait(false);
            return;
        }
        if (!context.IsSimpleClient && WebPubSubJsonReader.TryParse(frame, out var request, out _) && request.AckId is { } ackId)
        {
            await SendAsync(connection, new AckMessage(ackId, false, RateLimitedAckError, "rate limit exceeded: slow down")).ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(RelayConnection connection, WebPubSubConnectionContext context, ReadOnlyMemory<byte> frame)
    {
        if (!WebPubSubJsonReader.TryParse(frame, out var request, out var error))
        {
            LogBadFrame(logger, connection.Hub, connection.Id, error.Message);
            if (error.AckId is { } badAck)
            {
                await SendAsync(connection, new AckMessage(badAck, false, AckErrorNames.BadRequest, error.Message)).ConfigureAwait(false);
                return;
            }
            // Without an ackId there is nobody to tell but the client itself: it is declined, as the service does.
            await CloseAsync(connection, "bad request: " + error.Message, CloseCodes.PolicyViolation).ConfigureAwait(false);
            return;
        }
        switch (request)
        {
            case PingRequest:
                await SendAsync(connection, PongMessage.Instance).ConfigureAwait(false);
                return;
            case SequenceAckRequest ack:
                connection.Outbox.Acknowledge(ack.SequenceId > long.MaxValue ? long.MaxValue : (long)ack.SequenceId);
                return;
            case UnsupportedRequest unsupported:
                if (unsupported.AckId is { } uAck)
                {
                    await SendAsync(connection, new AckMessage(uAck, false, AckErrorNames.BadRequest, "unsupported type " + unsupported.Type)).ConfigureAwait(false);
                }
                return;
        }
        if (request.AckId is { } ackId && !context.AckIds.TryAdd(ackId))
        {
            await SendAsync(connection, new AckMessage(ackId, false, AckErrorNames.Duplicate, "the ackId was already used")).ConfigureAwait(false);
            return;
        }
        try
        {
            switch (request)
            {
                case JoinGroupRequest join:
                    if (!await AllowedAsync(connection, context, WebPubSubPermissionKind.JoinLeaveGroup, join.Group, join.AckId).ConfigureAwait(false)) return;
                    await core.AddToGroupAsync(connection.Hub, connection.Id, join.Group).ConfigureAwait(false);
                    break;
                case LeaveGroupRequest leave:
                    if (!await AllowedAsync(connection, context, WebPubSubPermissionKind.JoinLeaveGroup, leave.Group, leave.AckId).ConfigureAwait(false)) return;
                    await core.RemoveFromGroupAsync(connection.Hub, connection.Id, leave.Group).ConfigureAwait(false);
                    break;
                case SendToGroupRequest send:
                    if (!await AllowedAsync(connection, context, WebPubSubPermissionKind.SendToGroup, send.Group, send.AckId).ConfigureAwait(false)) return;
                    var message = WebPubSubDialect.ToMessage(send.Payload, connection.UserId, send.Group);
                    await core.SendToGroupAsync(connection.Hub, send.Group, message, send.NoEcho ? [connection.Id] : null).ConfigureAwait(false);
                    break;
                case SendEventRequest or InvokeEventRequest:
                    // Acked (or answered) after the handler answered, by the event loop.
                    await context.Events.Writer.WriteAsync(request, connection.Closed).ConfigureAwait(false);
                    return;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException && request.AckId is not null)
        {
            // The backplane refused the operation (Redis down or reconnecting): it did not take effect, so the ack is an
            // error the client can retry, and its ackId is free again for that retry.
            context.AckIds.Forget(request.AckId.Value);
            LogOperationFailed(logger, ex.GetType().Name);
            await SendAsync(connection, new AckMessage(request.AckId.Value, false, AckErrorNames.InternalServerError,
                "the relay could not carry the message out; retry")).ConfigureAwait(false);
            return;
        }
        if (request.AckId is { } done) await SendAsync(connection, new AckMessage(done, true)).ConfigureAwait(false);
    }

    private static async Task<bool> AllowedAsync(RelayConnection connection, WebPubSubConnectionContext context, WebPubSubPermissionKind permission,
        string group, ulong? ackId)
    {
        if (WebPubSubRoles.Allows(context.Roles, permission, group)) return true;
        if (ackId is { } id)
        {
            await SendAsync(connection, new AckMessage(id, false, AckErrorNames.Forbidden,
                $"the connection has no permission to {WebPubSubRoles.RestName(permission)} on this group")).ConfigureAwait(false);
        }
        return false;
    }

    private async Task RunEventsAsync(RelayConnection connection, WebPubSubConnectionContext context)
    {
        try
        {
            if (context.IsSimpleClient)
            {
                await foreach (var payload in context.RawEvents.Reader.ReadAllAsync().ConfigureAwait(false))
                {
                    if (!await RunEventAsync(connection, context, "message", payload, null).ConfigureAwait(false)) return;
                }
                return;
            }
            await foreach (var request in context.Events.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                if (request is InvokeEventRequest invoke)
                {
                    await RunInvokeAsync(connection, context, invoke).ConfigureAwait(false);
                }
                else if (request is SendEventRequest evt && !await RunEventAsync(connection, context, evt.Event, evt.Payload, evt.AckId).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            // Closed meanwhile.
        }
    }

    private async Task<bool> RunEventAsync(RelayConnection connection, WebPubSubConnectionContext context, string eventName,
        WebPubSubPayload payload, ulong? ackId)
    {
        var evt = EventContext(connection, context, WebPubSubEventKind.User, eventName);
        var outcome = await upstream.UserEventAsync(evt, payload, connection.Closed).ConfigureAwait(false);
        if (outcome.ConnectionState is { } state) context.ConnectionState = state;
        if (!outcome.Succeeded)
        {
            // Any non-2xx answer drops the connection (reference-cloud-events).
            if (ackId is { } failed)
            {
                await SendAsync(connection, new AckMessage(failed, false, AckErrorNames.InternalServerError, "the event handler failed")).ConfigureAwait(false);
            }
            LogEventFailed(logger, connection.Hub, eventName, outcome.Status);
            await CloseAsync(connection, "the event handler failed", CloseCodes.PolicyViolation).ConfigureAwait(false);
            return false;
        }
        if (outcome.Payload is { } reply)
        {
            // The answer is a message from the server to this connection: tracked, so reliable clients get it replayed.
            await core.SendToConnectionAsync(connection.Hub, connection.Id, WebPubSubDialect.ToMessage(reply, WebPubSubDialect.FromServer)).ConfigureAwait(false);
        }
        if (ackId is { } ok) await SendAsync(connection, new AckMessage(ok, true)).ConfigureAwait(false);
        return true;
    }

    private async Task RunInvokeAsync(RelayConnection connection, WebPubSubConnectionContext context, InvokeEventRequest invoke)
    {
        var evt = EventContext(connection, context, WebPubSubEventKind.User, invoke.Event);
        // An invoke without data still needs a body type the handler SDKs read: an empty text body.
        var payload = invoke.Payload ?? new WebPubSubPayload(WebPubSubDataType.Text, ReadOnlyMemory<byte>.Empty);
        var outcome = await upstream.UserEventAsync(evt, payload, connection.Closed).ConfigureAwait(false);
        if (outcome.ConnectionState is { } state) context.ConnectionState = state;
        // Unlike a plain event, a failed invocation is answered, not punished: the caller asked for the outcome.
        var response = outcome.Succeeded
            ? new InvokeResponseMessage(invoke.InvocationId, true, outcome.Payload)
            : new InvokeResponseMessage(invoke.InvocationId, false, null, AckErrorNames.InternalServerError,
                outcome.Status == 0 ? "the event handler could not be reached" : "the event handler answered " + outcome.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await SendAsync(connection, response).ConfigureAwait(false);
    }

    private async Task NotifyAsync(RelayConnection connection, WebPubSubEventKind kind, string name, object body)
    {
        var context = (WebPubSubConnectionContext)connection.DialectState!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await upstream.NotifyAsync(EventContext(connection, context, kind, name), body, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LogEventFailed(logger, connection.Hub, name, 0);
        }
    }

    private static WebPubSubEventContext EventContext(RelayConnection connection, WebPubSubConnectionContext context, WebPubSubEventKind kind, string name) =>
        new()
        {
            Kind = kind,
            EventName = name,
            Hub = connection.Hub,
            ConnectionId = connection.Id,
            UserId = connection.UserId,
            Subprotocol = context.Subprotocol,
            ConnectionState = context.ConnectionState,
        };

    private static async ValueTask SendAsync(RelayConnection connection, WebPubSubMessage message)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await connection.SendAsync(WebPubSubFrames.Text(message), tracked: false, timeout.Token).ConfigureAwait(false);
    }

    private async Task CloseAsync(RelayConnection connection, string reason, int code)
    {
        if (connection.DialectState is WebPubSubConnectionContext context && !context.TryBeginClose()) return;
        if (connection.DialectState is WebPubSubConnectionContext { IsSimpleClient: false })
        {
            // The service tells subprotocol clients why before it closes them: queued ahead of the close, which the
            // core sends once everything queued before it was written.
            try
            {
                await SendAsync(connection, new DisconnectedMessage(reason)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The outbox stayed full for the whole timeout: close without the explanation.
            }
        }
        // A close frame's reason is limited to 123 UTF-8 bytes; the full reason went out in the disconnected message.
        core.Close(connection, CloseReason(reason), code);
        await connection.TransportClosed.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }

    private static string CloseReason(string reason)
    {
        var text = reason.Length > 120 ? reason[..120] : reason;
        while (System.Text.Encoding.UTF8.GetByteCount(text) > 123) text = text[..^1];
        return text;
    }

    /// <summary>Closes a connection the way the service does: a disconnected message first, then 1008 (no recovery).</summary>
    public Task CloseForGoodAsync(RelayConnection connection, string reason) => CloseAsync(connection, reason, CloseCodes.PolicyViolation);

    private static async Task<(WebSocketMessageType Type, bool TooBig)> ReceiveMessageAsync(WebSocket socket, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var memory = buffer.GetMemory(ReceiveChunk);
            var result = await socket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close) return (WebSocketMessageType.Close, false);
            buffer.Advance(result.Count);
            if (buffer.WrittenCount > WebPubSubJsonReader.MaxFrameBytes) return (result.MessageType, true);
            if (result.EndOfMessage) return (result.MessageType, false);
        }
    }

    [LoggerMessage(EventId = 6130, Level = LogLevel.Information, Message = "Web PubSub connection {ConnectionId} on hub {Hub} sent a bad frame: {Reason}")]
    private static partial void LogBadFrame(ILogger logger, string hub, string connectionId, string reason);

    [LoggerMessage(EventId = 6132, Level = LogLevel.Warning, Message = "A Web PubSub group operation failed ({Failure}); the client was acked an error to retry")]
    private static partial void LogOperationFailed(ILogger logger, string failure);

    [LoggerMessage(EventId = 6131, Level = LogLevel.Information, Message = "Web PubSub handler for {Hub}/{EventName} failed with {Status}; the connection is closed")]
    private static partial void LogEventFailed(ILogger logger, string hub, string eventName, int status);
}
