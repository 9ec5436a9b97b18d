using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Client.Acp;

/// <summary>The WebSocket, the receive loop, sending, answering the agent's requests, and the replay acknowledgements.</summary>
public sealed partial class AcpClient
{
    private readonly ClientWebSocket _socket;
    private readonly AcpClientOptions _options;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonRpcMessage>> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _incoming = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lastSeq = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _acked = new(StringComparer.Ordinal);
    private readonly OwnedTasks _handlers = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiveLoop = Task.CompletedTask;
    private Task _ackLoop = Task.CompletedTask;
    private long _nextId;
    private int _disposed;

    private AcpClient(ClientWebSocket socket, AcpClientOptions options)
    {
        _socket = socket;
        _options = options;
    }

    /// <summary>The <c>Acp-Connection-Id</c> the server put on the 101 response (null when it sent none).</summary>
    public string? ConnectionId { get; private set; }

    /// <summary>The close code the agent's side sent (e.g. 1002 when the first message was not initialize).</summary>
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseStatusDescription => _socket.CloseStatusDescription;

    /// <summary>Completes when the connection ended (closed by either side or failed).</summary>
    public Task Closed => _closed.Task;

    /// <summary>Connects to <paramref name="url"/> with <paramref name="token"/> as <c>Authorization: Bearer</c>; then call <see cref="InitializeAsync"/>.</summary>
    public static async Task<AcpClient> ConnectAsync(Uri url, string? token, AcpClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        options ??= new AcpClientOptions();
        var web = new ClientWebSocket();
        web.Options.KeepAliveInterval = options.KeepAliveInterval;
        web.Options.CollectHttpResponseDetails = true;
        if (!string.IsNullOrEmpty(token)) web.Options.SetRequestHeader("Authorization", "Bearer " + token);
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(options.ConnectTimeout);
            try
            {
                await web.ConnectAsync(url, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The refusal's status and reason header (UpgradeRefusal), read before the socket is disposed.
                var status = UpgradeRefusal.Status(web);
                var reason = status is null ? null : UpgradeRefusal.Reason(web, token);
                web.Dispose();
                if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested) throw;
                if (status is not { } refused) throw new AcpException("could not connect: " + ex.Message, ex);
                var message = UpgradeRefusal.Describe(refused, reason);
                throw new AcpException(refused is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden ? message : "could not connect: " + message, ex)
                {
                    Reason = reason,
                    HttpStatus = (int)refused,
                };
            }
        }
        var client = new AcpClient(web, options)
        {
            ConnectionId = web.HttpResponseHeaders?.TryGetValue("Acp-Connection-Id", out var ids) == true ? ids.FirstOrDefault() : null,
        };
        web.HttpResponseHeaders = null;
        client._receiveLoop = Task.Run(client.ReceiveLoopAsync, CancellationToken.None);
        return client;
    }

    /// <summary>Drops the WebSocket without a close handshake, as a network failure would (for resilience tests).</summary>
    public void AbortConnection() => _socket.Abort();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is already gone.
        }
        // The server answers the close (the loop then ends); a silent one is cut off after a bound.
        await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _lifetime.CancelAsync().ConfigureAwait(false);
        _socket.Abort();
        await _receiveLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _ackLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _handlers.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        _socket.Dispose();
        _sendLock.Dispose();
        _lifetime.Dispose();
    }

    private static string Key(long id) => "n:" + id.ToString(CultureInfo.InvariantCulture);

    private async Task<(long Id, TaskCompletionSource<JsonRpcMessage> Pending)> StartRequestAsync(string method, JsonNode? parameters)
    {
        ArgumentNullException.ThrowIfNull(method);
        var id = Interlocked.Increment(ref _nextId);
        var pending = new TaskCompletionSource<JsonRpcMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[Key(id)] = pending;
        try
        {
            await SendAsync(JsonRpcMessage.Request(id, method, parameters), CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            _pending.TryRemove(Key(id), out _);
            throw;
        }
        // The connection may have ended between registering and sending: nobody else would fail it.
        if (_closed.Task.IsCompleted && _pending.TryRemove(Key(id), out _)) pending.TrySetException(ConnectionLost());
        return (id, pending);
    }

    private async Task SendAsync(JsonRpcMessage message, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var bytes = message.ToUtf8();
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            throw new AcpException("send failed: " + ex.Message, ex);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends without failing the caller: for answers and acknowledgements whose loss the connection's end reports.</summary>
    private async Task TrySendAsync(JsonRpcMessage message)
    {
        try
        {
            await SendAsync(message, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AcpException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is ending; its end fails whatever still waits.
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        Exception? failure = null;
        try
        {
            while (true)
            {
                var message = await ReceiveMessageAsync(buffer).ConfigureAwait(false);
                if (message is null) break;
                // Garbage from the agent has nobody to answer it: JSON-RPC forbids answering a response.
                if (Parse(message.Value.Span) is not { } rpc) continue;
                switch (rpc.Kind)
                {
                    case JsonRpcKind.Response:
                        if (rpc.IdKey is { } key && _pending.TryRemove(key, out var pending)) pending.TrySetResult(rpc);
                        break;
                    case JsonRpcKind.Request:
                        _handlers.Add(AnswerAsync(rpc));
                        break;
                    default:
                        await NotifiedAsync(rpc).ConfigureAwait(false);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or AcpException)
        {
            failure = ex;
        }
        finally
        {
            var lost = ConnectionLost(failure);
            foreach (var key in _pending.Keys)
            {
                if (_pending.TryRemove(key, out var pending)) pending.TrySetException(lost);
            }
            _closed.TrySetResult();
        }
    }

    /// <summary>
    /// A message, or null for anything else. Input that is not UTF-8, or that repeats a member name, is dropped here:
    /// the parser decodes lazily and would throw later, on first use.
    /// </summary>
    private static JsonRpcMessage? Parse(ReadOnlySpan<byte> utf8)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8)) return null;
        try
        {
            var message = JsonRpcParser.Parse(utf8).Message;
            // Touches what the dispatch reads, so that a late decoding failure happens here.
            _ = (message?.Method, message?.IdKey, message?.Params is JsonObject p ? p.Count : 0);
            return message;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or JsonException)
        {
            return null;
        }
    }

    private AcpException ConnectionLost(Exception? cause = null)
    {
        var reason = _socket.CloseStatus is { } status
            ? $"the connection closed ({(int)status} {_socket.CloseStatusDescription})"
            : "the connection was lost";
        return cause is null ? new AcpException(reason) : new AcpException(reason, cause);
    }

    /// <summary>The next whole text message, or null when the peer closed. Binary messages are skipped, as the transport says.</summary>
    private async Task<ReadOnlyMemory<byte>?> ReceiveMessageAsync(ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.GetMemory(4096), _lifetime.Token).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (_socket.State == WebSocketState.CloseReceived)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
                return null;
            }
            buffer.Advance(result.Count);
            if (buffer.WrittenCount > _options.MaxMessageBytes)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "message too big", timeout.Token)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw new AcpException($"the agent sent a message over {_options.MaxMessageBytes} bytes");
            }
            if (!result.EndOfMessage) continue;
            if (result.MessageType == WebSocketMessageType.Text) return buffer.WrittenMemory;
            buffer.ResetWrittenCount();
        }
    }

    private async ValueTask NotifiedAsync(JsonRpcMessage notification)
    {
        var parameters = notification.Params as JsonObject;
        long? seq = parameters?["_meta"]?[SeqMetaKey] is JsonValue seqValue && seqValue.TryGetValue<long>(out var n) ? n : null;
        if (notification.SessionId is { } sessionId && seq is { } number)
        {
            // At-least-once on the wire (a resume may send again what arrived), exactly once to the caller.
            if (number <= LastSeq(sessionId)) return;
            _lastSeq[sessionId] = number;
        }
        switch (notification.Method)
        {
            case AcpMethods.SessionUpdate when notification.SessionId is { } id && (parameters?["update"]) is JsonObject update:
                await DeliverAsync(new AcpSessionUpdate(id, (JsonObject)update.DeepClone()) { Seq = seq }).ConfigureAwait(false);
                break;
            case AcpMethods.CancelRequest when (parameters?["requestId"]) is { } requestId && JsonRpcIds.Key(requestId) is { } key
                && _incoming.TryGetValue(key, out var cts):
                await cts.CancelAsync().ConfigureAwait(false);
                break;
            case { } method when _options.NotificationHandlers.TryGetValue(method, out var handler):
                try
                {
                    await handler(parameters).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // A failing handler must not stop the receive loop; its own cancellation is not the connection's loss.
                }
                break;
            default:
                break;
        }
    }

    /// <summary>Answers one agent request with its handler's result, its <see cref="AcpException"/>, or an internal error.</summary>
    private async Task AnswerAsync(JsonRpcMessage request)
    {
        var key = request.IdKey!;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        _incoming[key] = cts;
        JsonRpcMessage answer;
        try
        {
            var call = new AcpAgentRequest(request.Method!, request.Params as JsonObject);
            answer = JsonRpcMessage.Success(request.Id, await HandleAsync(call, cts.Token).ConfigureAwait(false));
        }
        catch (AcpException ex) when (ex.Code is { } code)
        {
            answer = JsonRpcMessage.Failure(request.Id, code, ex.Message, ex.Data?.DeepClone());
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested && !_lifetime.IsCancellationRequested)
        {
            answer = JsonRpcMessage.Failure(request.Id, JsonRpcErrorCodes.RequestCancelled, "Request cancelled");
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // The client is disposing: the connection's end tells the agent.
            _incoming.TryRemove(key, out _);
            return;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Includes a handler's own cancellation (not the agent's $/cancel_request): the agent still needs an answer.
            answer = JsonRpcMessage.Failure(request.Id, JsonRpcErrorCodes.InternalError, "Internal error: " + ex.GetType().Name);
        }
        finally
        {
            _incoming.TryRemove(key, out _);
        }
        await TrySendAsync(answer).ConfigureAwait(false);
    }

    private async ValueTask<JsonNode?> HandleAsync(AcpAgentRequest call, CancellationToken cancellationToken)
    {
        switch (call.Method)
        {
            case AcpMethods.SessionRequestPermission:
                return _options.OnRequestPermission is { } permission
                    ? await permission(call, cancellationToken).ConfigureAwait(false)
                    : new JsonObject { ["outcome"] = new JsonObject { ["outcome"] = "cancelled" } };
            case AcpMethods.FsReadTextFile when _options.OnReadTextFile is { } read:
                return await read(call, cancellationToken).ConfigureAwait(false);
            case AcpMethods.FsWriteTextFile when _options.OnWriteTextFile is { } write:
                return await write(call, cancellationToken).ConfigureAwait(false);
            case var method when _options.RequestHandlers.TryGetValue(method, out var handler):
                return await handler(call, cancellationToken).ConfigureAwait(false);
            default:
                throw new AcpException(JsonRpcErrorCodes.MethodNotFound, "\"Method not found\": " + call.Method, new JsonObject { ["method"] = call.Method });
        }
    }

    private void StartAcknowledging()
    {
        if (!_ackLoop.IsCompleted) return;
        _ackLoop = Task.Run(AckLoopAsync, CancellationToken.None);
    }

    /// <summary>Cumulative <c>_agentplatform/ack</c> per session, at most every <see cref="AcpClientOptions.AckInterval"/>, only when something new arrived.</summary>
    private async Task AckLoopAsync()
    {
        using var timer = new PeriodicTimer(_options.AckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_lifetime.Token).ConfigureAwait(false) && !_closed.Task.IsCompleted)
            {
                foreach (var (sessionId, seq) in _lastSeq)
                {
                    if (_acked.TryGetValue(sessionId, out var acked) && acked >= seq) continue;
                    _acked[sessionId] = seq;
                    await TrySendAsync(JsonRpcMessage.Notification(AcpMethods.ReplayAck, new JsonObject { ["sessionId"] = sessionId, ["seq"] = seq }))
                        .ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }
}
