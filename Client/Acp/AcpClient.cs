using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Client.Acp;

/// <summary>
/// An ACP (Agent Client Protocol, JSON-RPC 2.0) client over one WebSocket: <c>ws://relay/acp</c> or
/// <c>/acp/{agent}</c>, one JSON-RPC message per text frame. Connect, <see cref="InitializeAsync"/>, then create or
/// load sessions and prompt them; session/update notifications reach the prompt's callback (and
/// <see cref="AcpClientOptions.OnSessionUpdate"/>) in order, on the receive loop, before the prompt's result.
/// Requests from the agent (permission, fs/*) are answered by the handlers in <see cref="AcpClientOptions"/>.
/// </summary>
public sealed partial class AcpClient : IAsyncDisposable
{
    /// <summary>The ACP protocol version this client speaks.</summary>
    public const int ProtocolVersion = 1;

    /// <summary>The initialize <c>_meta</c> key that asks for the replay extension.</summary>
    public const string ReplayMetaKey = "agentplatform/replay";

    /// <summary>The <c>_meta</c> key of a notification's sequence number under the replay extension.</summary>
    public const string SeqMetaKey = "agentplatform/seq";

    private readonly ConcurrentDictionary<string, Func<AcpSessionUpdate, ValueTask>> _sessionListeners = new(StringComparer.Ordinal);

    /// <summary>The <c>result</c> of initialize, once it was answered.</summary>
    public JsonObject? InitializeResult { get; private set; }

    /// <summary>The protocol version the agent chose in initialize.</summary>
    public int? NegotiatedProtocolVersion => InitializeResult?["protocolVersion"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;

    /// <summary>Sends initialize (protocol version 1, the client's capabilities, the replay opt-in) and returns the agent's result.</summary>
    public async Task<JsonObject> InitializeAsync(CancellationToken cancellationToken = default)
    {
        var fs = new JsonObject
        {
            ["readTextFile"] = _options.OnReadTextFile is not null,
            ["writeTextFile"] = _options.OnWriteTextFile is not null,
        };
        var parameters = new JsonObject
        {
            ["protocolVersion"] = ProtocolVersion,
            ["clientCapabilities"] = new JsonObject
            {
                ["fs"] = fs,
                ["terminal"] = _options.RequestHandlers.Keys.Any(k => k.StartsWith(AcpMethods.TerminalPrefix, StringComparison.Ordinal)),
            },
            ["clientInfo"] = new JsonObject { ["name"] = _options.ClientName, ["version"] = _options.ClientVersion },
        };
        if (_options.Replay) parameters["_meta"] = new JsonObject { [ReplayMetaKey] = true };
        var result = await RequestAsync(AcpMethods.Initialize, parameters, cancellationToken).ConfigureAwait(false) as JsonObject
            ?? throw new AcpException("initialize answered without a result object");
        InitializeResult = result;
        if (_options.Replay) StartAcknowledging();
        return result;
    }

    /// <summary>session/new: a new session in <paramref name="cwd"/>; returns its id.</summary>
    public async Task<string> NewSessionAsync(string cwd, JsonArray? mcpServers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cwd);
        var result = await RequestAsync(AcpMethods.SessionNew, new JsonObject { ["cwd"] = cwd, ["mcpServers"] = mcpServers ?? [] }, cancellationToken)
            .ConfigureAwait(false);
        return result?["sessionId"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : throw new AcpException("session/new answered without a sessionId");
    }

    /// <summary>session/load: takes over <paramref name="sessionId"/>; returns the history the agent replayed before answering.</summary>
    public async Task<IReadOnlyList<AcpSessionUpdate>> LoadSessionAsync(
        string sessionId, string cwd, JsonArray? mcpServers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(cwd);
        var replayed = new List<AcpSessionUpdate>();
        using var listening = Listen(sessionId, u =>
        {
            lock (replayed) replayed.Add(u);
            return ValueTask.CompletedTask;
        });
        await RequestAsync(AcpMethods.SessionLoad, new JsonObject { ["sessionId"] = sessionId, ["cwd"] = cwd, ["mcpServers"] = mcpServers ?? [] },
            cancellationToken).ConfigureAwait(false);
        lock (replayed) return [.. replayed];
    }

    /// <summary>session/prompt with one text block.</summary>
    public Task<AcpPromptResult> PromptAsync(
        string sessionId, string text, Func<AcpSessionUpdate, ValueTask>? onUpdate = null, CancellationToken cancellationToken = default) =>
        PromptAsync(sessionId, [new JsonObject { ["type"] = "text", ["text"] = text }], onUpdate, cancellationToken);

    /// <summary>
    /// session/prompt: <paramref name="onUpdate"/> sees the session's updates as they arrive, in order, until the turn
    /// ends; returns the stop reason. Cancelling <paramref name="cancellationToken"/> sends session/cancel, waits briefly
    /// for the agent to end the turn, and throws <see cref="OperationCanceledException"/> (use <see cref="CancelAsync"/>
    /// to get the <c>cancelled</c> result instead).
    /// </summary>
    public async Task<AcpPromptResult> PromptAsync(
        string sessionId, JsonArray prompt, Func<AcpSessionUpdate, ValueTask>? onUpdate = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(prompt);
        Exception? callbackFailure = null;
        using var listening = onUpdate is null ? null : Listen(sessionId, async u =>
        {
            try
            {
                await onUpdate(u).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The receive loop must go on for the other sessions; the prompt's caller gets it with the result.
                callbackFailure ??= ex;
            }
        });
        var (id, pending) = await StartRequestAsync(AcpMethods.SessionPrompt, new JsonObject { ["sessionId"] = sessionId, ["prompt"] = prompt.DeepClone() })
            .ConfigureAwait(false);
        JsonRpcMessage response;
        try
        {
            response = await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CancelAsync(sessionId, CancellationToken.None).ConfigureAwait(false);
            await ((Task)pending.Task).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _pending.TryRemove(Key(id), out _);
            throw;
        }
        var result = ResultOf(response) as JsonObject ?? throw new AcpException("session/prompt answered without a result object");
        if (callbackFailure is not null) throw new AcpException("the update callback failed: " + callbackFailure.Message, callbackFailure);
        var stopReason = result["stopReason"] is JsonValue s && s.TryGetValue<string>(out var reason) ? reason : "";
        return new AcpPromptResult(stopReason, result);
    }

    /// <summary>session/cancel: the agent ends the session's running turn with <c>cancelled</c>.</summary>
    public Task CancelAsync(string sessionId, CancellationToken cancellationToken = default) =>
        NotifyAsync(AcpMethods.SessionCancel, new JsonObject { ["sessionId"] = sessionId }, cancellationToken);

    /// <summary>
    /// The replay extension's <c>_agentplatform/resume</c> on this (new) connection: takes over
    /// <paramref name="sessionId"/> and receives the notifications numbered after <paramref name="after"/> (the
    /// <see cref="LastSeq"/> of the dropped connection) through the usual callbacks.
    /// </summary>
    public async Task<AcpResumeResult> ResumeAsync(string sessionId, long after, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        // Anything at or below `after` was delivered on the old connection: it is a duplicate here.
        _lastSeq.AddOrUpdate(sessionId, after, (_, old) => Math.Max(old, after));
        _acked.AddOrUpdate(sessionId, after, (_, old) => Math.Max(old, after));
        var result = await RequestAsync(AcpMethods.ReplayResume, new JsonObject { ["sessionId"] = sessionId, ["after"] = after }, cancellationToken)
            .ConfigureAwait(false);
        var replayed = result?["replayed"] is JsonValue r && r.TryGetValue<int>(out var n) ? n : 0;
        var truncated = result?["truncated"] is JsonValue t && t.TryGetValue<bool>(out var b) && b;
        return new AcpResumeResult(replayed, truncated);
    }

    /// <summary>The highest sequence number received for <paramref name="sessionId"/> (replay extension), 0 when none.</summary>
    public long LastSeq(string sessionId) => _lastSeq.TryGetValue(sessionId, out var seq) ? seq : 0;

    /// <summary>Any request; returns its <c>result</c>, throws <see cref="AcpException"/> for an error response.</summary>
    public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters = null, CancellationToken cancellationToken = default)
    {
        var (id, pending) = await StartRequestAsync(method, parameters).ConfigureAwait(false);
        try
        {
            return ResultOf(await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (_pending.TryRemove(Key(id), out _))
            {
                await TrySendAsync(JsonRpcMessage.Notification(AcpMethods.CancelRequest, new JsonObject { ["requestId"] = id })).ConfigureAwait(false);
            }
            throw;
        }
    }

    /// <summary>Any notification.</summary>
    public Task NotifyAsync(string method, JsonNode? parameters = null, CancellationToken cancellationToken = default) =>
        SendAsync(JsonRpcMessage.Notification(method, parameters), cancellationToken);

    private static JsonNode? ResultOf(JsonRpcMessage response)
    {
        if (response.Error is { } error)
        {
            var code = error["code"] is JsonValue c && c.TryGetValue<int>(out var n) ? n : JsonRpcErrorCodes.InternalError;
            var message = error["message"] is JsonValue m && m.TryGetValue<string>(out var text) ? text : "error " + code;
            throw new AcpException(code, message, error["data"]?.DeepClone());
        }
        return response.Result?.DeepClone();
    }

    private Listening Listen(string sessionId, Func<AcpSessionUpdate, ValueTask> listener)
    {
        _sessionListeners[sessionId] = listener;
        return new Listening(this, sessionId, listener);
    }

    private async ValueTask DeliverAsync(AcpSessionUpdate update)
    {
        if (_sessionListeners.TryGetValue(update.SessionId, out var listener))
        {
            try
            {
                await listener(update).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A failing per-call listener must not stop the receive loop (and a cancellation of its own is not
                // the connection's loss): the call it belongs to still gets its answer.
            }
        }
        if (_options.OnSessionUpdate is { } all)
        {
            try
            {
                await all(update).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A failing observer must not stop the receive loop, whatever it throws.
            }
        }
    }

    /// <summary>Removes a session listener when the call that set it ends (unless another call replaced it).</summary>
    private sealed class Listening(AcpClient client, string sessionId, Func<AcpSessionUpdate, ValueTask> listener) : IDisposable
    {
        public void Dispose() => client._sessionListeners.TryRemove(new KeyValuePair<string, Func<AcpSessionUpdate, ValueTask>>(sessionId, listener));
    }
}
