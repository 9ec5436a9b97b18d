using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using AgentPlatform.Protocol;
using AgentPlatform.Protocol.Acp;
using AgentPlatform.Relay.Acp.Agents;
using AgentPlatform.Relay.Acp.Connections;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Limits;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Relay.Acp.Transport;

/// <summary>
/// An ACP connection over WebSocket: one JSON-RPC message per text frame (binary frames are ignored), handled one at a
/// time in arrival order by a handler task while a read stays pending — frames that arrive while initialize (or any
/// message) is being handled wait their turn in a queue bounded by bytes. Outbound messages go through
/// the core's outbox of the connection (one writer, in order); a client that lets it fill up is closed with 1008, as
/// the core does for routed messages.
/// </summary>
public sealed partial class AcpWebSocketConnection : AcpConnection
{
    private const int ReceiveChunk = 16 * 1024;
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(2);
    /// <summary>Received messages waiting for the handler, in bytes (as the SDK's 64 MiB buffered-bytes limit); past it: 1008.</summary>
    private const long MaxInboundBytes = 64L * 1024 * 1024;
    private readonly WebSocket _socket;
    private readonly WebSocketFrameTransport _transport;
    private readonly ILogger _logger;
    private long _waitingInboundBytes;

    /// <summary>Relay/Limits: no message at all (ACP's first is <c>initialize</c>) within this closes the socket with 1008; null: no deadline.</summary>
    public TimeSpan? HandshakeTimeout { get; init; }

    /// <summary>Relay/Limits: the per-connection message rate; an excess message gets a JSON-RPC error (-32000), repeated excess 1008.</summary>
    public MessageRateGate? Rate { get; init; }

    public AcpWebSocketConnection(AcpRuntime runtime, string? userId, WebSocket socket, string connectionId)
        : base(runtime, userId, "websocket", connectionId)
    {
        _socket = socket ?? throw new ArgumentNullException(nameof(socket));
        _transport = new WebSocketFrameTransport(socket);
        _logger = runtime.Loggers.CreateLogger<AcpWebSocketConnection>();
    }

    /// <summary>Registers the connection and reads the socket until it closes.</summary>
    public async Task RunAsync(IAcpAgent agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var relay = await Runtime.RegisterAsync(this, _transport, cancellationToken).ConfigureAwait(false);
        Relay = relay;
        Opened();
        relay.Closed.UnsafeRegister(static s => ThreadPool.UnsafeQueueUserWorkItem(static c => c.Dropped("closed"), (AcpWebSocketConnection)s!, preferLocal: false), this);
        var buffer = new ArrayBufferWriter<byte>(ReceiveChunk);
        // A read is always pending (so pings, pongs and close frames are processed while a message is handled); what
        // was read waits in a queue bounded by bytes and is handled in order by one handler.
        var inbound = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var handler = Task.Run(() => HandleInboundAsync(agent, relay, inbound.Reader), CancellationToken.None);
        var maxWaiting = Math.Max(MaxInboundBytes, 2L * Runtime.Options.MaxMessageBytes);
        using var handshake = HandshakeTimeout is { } deadline
            ? Runtime.Time.CreateTimer(static s => ((AcpWebSocketConnection)s!).HandshakeExpired(), this, deadline, Timeout.InfiniteTimeSpan)
            : null;
        // Receives are not cancelled while the connection lives (that aborts a WebSocket); once it is closed the loop
        // waits, bounded, for the client's close frame so that the closing handshake completes.
        using var closing = new CancellationTokenSource();
        using var onClosed = relay.Closed.UnsafeRegister(static s => ((CancellationTokenSource)s!).CancelAfter(CloseWait), closing);
        try
        {
            try
            {
                while (true)
                {
                    buffer.ResetWrittenCount();
                    var (type, tooLarge) = await ReceiveMessageAsync(buffer, closing.Token).ConfigureAwait(false);
                    if (type == WebSocketMessageType.Close) break;
                    if (relay.State == ConnectionState.Closed) continue;
                    if (tooLarge)
                    {
                        Runtime.Telemetry.Rejections.Add(1, new KeyValuePair<string, object?>("reason", "acp-message-too-large"));
                        Close(CloseCodes.MessageTooBig, "Message too large");
                        continue;
                    }
                    // ACP is text; a binary frame is ignored, as the SDK's server does.
                    if (type != WebSocketMessageType.Text) continue;
                    relay.Counters.FrameIn(buffer.WrittenCount);
                    Runtime.Telemetry.FramesIn.Add(1);
                    if (Rate?.Check() is { } verdict and not RateVerdict.Allowed)
                    {
                        RateLimited(buffer.WrittenSpan, verdict);
                        continue;
                    }
                    if (Interlocked.Add(ref _waitingInboundBytes, buffer.WrittenCount) > maxWaiting)
                    {
                        Runtime.Telemetry.Rejections.Add(1, new KeyValuePair<string, object?>("reason", "acp-inbound-full"));
                        LogInboundFull(_logger, ConnectionId);
                        Close(CloseCodes.PolicyViolation, "Inbound buffer full");
                        continue;
                    }
                    inbound.Writer.TryWrite(buffer.WrittenSpan.ToArray());
                }
            }
            catch (WebSocketException ex) when (ClientFramingError.Is(ex, _socket))
            {
                // The client broke the framing: the connection closes as after any protocol error and the socket is
                // kept, bounded, until the client has read the close frame and gone (ClientFramingError says why).
                Runtime.Telemetry.Rejections.Add(1, new KeyValuePair<string, object?>("reason", "acp-invalid-frame"));
                Close(CloseCodes.ProtocolError, "Invalid frame");
                await ClientFramingError.LingerAsync(Runtime.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The socket dropped, or the client never answered our close: both end in TransportLost below.
            }
            finally
            {
                inbound.Writer.TryComplete();
            }
            if (_socket.State == WebSocketState.CloseReceived)
            {
                try
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cts.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
                {
                    _socket.Abort();
                }
            }
        }
        finally
        {
            // Whatever ended the loop (even an exception outside the filter above), the core, the attachment and any
            // agent-side ownership must be released.
            Runtime.Core.TransportLost(relay, _transport);
        }
    }

    /// <summary>Handles the queued messages one at a time, in arrival order; after the connection closed they are dropped.</summary>
    private async Task HandleInboundAsync(IAcpAgent agent, RelayConnection relay, ChannelReader<byte[]> inbound)
    {
        await foreach (var bytes in inbound.ReadAllAsync().ConfigureAwait(false))
        {
            Interlocked.Add(ref _waitingInboundBytes, -bytes.Length);
            if (relay.State == ConnectionState.Closed) continue;
            await HandleAsync(agent, JsonRpcParser.Parse(bytes), relay.Closed).ConfigureAwait(false);
        }
    }

    public override bool Deliver(JsonRpcMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Relay is not { } relay || relay.State == ConnectionState.Closed) return false;
        var bytes = message.ToUtf8();
        if (relay.Outbox.TrySend(bytes, static (_, b) => new OutboundFrame(b, FrameType.Text), tracked: false, out _))
        {
            Runtime.Telemetry.FramesOut.Add(1);
            return true;
        }
        if (relay.State != ConnectionState.Closed)
        {
            LogOutboxFull(_logger, ConnectionId);
            // Not inline: Deliver may run under a replay log's lock, and closing runs the connection's drop handlers.
            ThreadPool.UnsafeQueueUserWorkItem(static c => c.Close(CloseCodes.PolicyViolation, "Outbound buffer full"), this, preferLocal: false);
        }
        return false;
    }

    /// <summary>
    /// While the socket has half the core's outbox limit unsent, the sender waits (polling, since the outbox offers no
    /// wait of its own that keeps the send synchronous); a client that reads nothing for <c>Acp:OutputStallTimeout</c> (60 s) is closed.
    /// </summary>
    protected override async ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        if (Relay is not { } relay) return;
        var limits = Runtime.Core.Options.Outbox;
        var started = Runtime.Time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(1);
        while (relay.State != ConnectionState.Closed
               && (relay.Outbox.HeldFrames >= limits.MaxBufferedFrames / 2 || relay.Outbox.HeldBytes >= limits.MaxBufferedBytes / 2))
        {
            if (Runtime.Time.GetElapsedTime(started) > Runtime.Options.OutputStallTimeout)
            {
                Close(CloseCodes.PolicyViolation, "Outbound buffer full");
                return;
            }
            await Task.Delay(delay, Runtime.Time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 50));
        }
    }

    private void HandshakeExpired()
    {
        if (Relay is not { } relay || relay.State == ConnectionState.Closed || relay.Counters.FramesIn > 0) return;
        Runtime.Telemetry.Rejections.Add(1, new KeyValuePair<string, object?>("reason", "acp-handshake-timeout"));
        Close(CloseCodes.PolicyViolation, "initialize not received in time");
    }

    /// <summary>A message over the rate is answered (a request: JSON-RPC error -32000 with its id) and not handled.</summary>
    private void RateLimited(ReadOnlySpan<byte> message, RateVerdict verdict)
    {
        Runtime.Telemetry.Rejections.Add(1, new KeyValuePair<string, object?>("reason", "acp-rate-limited"));
        if (verdict == RateVerdict.Close)
        {
            Close(CloseCodes.PolicyViolation, "Rate limit exceeded");
            return;
        }
        if (JsonRpcParser.Parse(message.ToArray()).Message is { Kind: JsonRpcKind.Request } request)
        {
            Deliver(JsonRpcMessage.Failure(request.Id?.DeepClone(), -32000, "Rate limit exceeded: slow down",
                new JsonObject { ["reason"] = "rate_limited" }));
        }
    }

    public override void Fail(string reason) => Close(CloseCodes.InternalError, AcpCloseReasons.Fit(reason));

    public override void Shutdown() => Close(CloseCodes.GoingAway, "Server shutting down");

    private void Close(int code, string reason)
    {
        if (Relay is { } relay) Runtime.Core.Close(relay, reason, code);
    }

    private async Task HandleAsync(IAcpAgent agent, JsonRpcParseResult parsed, CancellationToken cancellationToken)
    {
        if (parsed.Message is not { } message)
        {
            // A parse error or an invalid message is answered and the connection stays open, before and after initialize.
            Deliver(parsed.ErrorResponse!);
            return;
        }
        if (IsInitialized)
        {
            await DispatchSafelyAsync(message, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (message.Kind == JsonRpcKind.Response) return;
        if (message.Method != AcpMethods.Initialize)
        {
            Close(CloseCodes.ProtocolError, "First message must be initialize");
            return;
        }
        if (message.Kind != JsonRpcKind.Request || message.Id is null)
        {
            Close(CloseCodes.ProtocolError, "Initialize request must include an ID");
            return;
        }
        await InitializeSafelyAsync(agent, message, cancellationToken).ConfigureAwait(false);
    }

    private async Task InitializeSafelyAsync(IAcpAgent agent, JsonRpcMessage initialize, CancellationToken cancellationToken)
    {
        try
        {
            Deliver(await InitializeAsync(agent, initialize, cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // The connection ended while the agent initialized.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var why = ex is AcpAgentUnavailableException ? ex.Message : "the agent failed to initialize";
            if (ex is not AcpAgentUnavailableException) LogInitializeFailed(_logger, ConnectionId, ex);
            Deliver(JsonRpcMessage.Failure(initialize.Id, JsonRpcErrorCodes.InternalError, "Initialize failed", JsonValue.Create(why)));
            Close(CloseCodes.InternalError, "Initialize failed");
        }
    }

    private async Task DispatchSafelyAsync(JsonRpcMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await DispatchAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Closed while the attachment handled it.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The attachment broke its contract (it answers errors itself): the connection cannot continue sanely.
            LogDispatchFailed(_logger, ConnectionId, ex);
            Close(CloseCodes.InternalError, "Message handling failed");
        }
    }

    /// <summary>Receives one whole message; it stops as soon as the size limit is passed (the caller closes with 1009).</summary>
    private async Task<(WebSocketMessageType Type, bool TooLarge)> ReceiveMessageAsync(ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        var limit = Runtime.Options.MaxMessageBytes;
        while (true)
        {
            var memory = buffer.GetMemory(ReceiveChunk);
            var result = await _socket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close) return (WebSocketMessageType.Close, false);
            buffer.Advance(result.Count);
            // Not read to its end: the connection closes now; what is left of the message is discarded while the
            // loop waits for the close frame (each later read is bounded by the same limit).
            if (buffer.WrittenCount > limit) return (result.MessageType, true);
            if (result.EndOfMessage) return (result.MessageType, false);
        }
    }

    [LoggerMessage(EventId = 6313, Level = LogLevel.Warning, Message = "ACP connection {ConnectionId}: inbound buffer full, closing")]
    private static partial void LogInboundFull(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 6310, Level = LogLevel.Warning, Message = "ACP connection {ConnectionId}: outbound buffer full, closing")]
    private static partial void LogOutboxFull(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 6311, Level = LogLevel.Warning, Message = "ACP connection {ConnectionId}: the agent failed to initialize")]
    private static partial void LogInitializeFailed(ILogger logger, string connectionId, Exception ex);

    [LoggerMessage(EventId = 6312, Level = LogLevel.Error, Message = "ACP connection {ConnectionId}: the agent attachment failed to handle a message")]
    private static partial void LogDispatchFailed(ILogger logger, string connectionId, Exception ex);
}
