using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.Relay.Acp.Agents.Platform;

/// <summary>
/// One client connection to a platform agent. Each ACP session it uses gets an asp-v1 <see cref="InvocationTable"/>
/// whose caller is (connection id, ACP session id): the session id is the context-store key, so an agent's state
/// follows the session across prompts and connections. A prompt is one invocation; at most one runs per session.
/// </summary>
internal sealed partial class PlatformAcpAttachment(string agent, IAcpClientPeer peer, JsonObject initializeResult, PlatformAcpServices services)
    : IAcpAttachment
{
    private readonly ConcurrentDictionary<string, InvocationTable> _tables = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PlatformPrompt> _prompts = new(StringComparer.Ordinal);
    /// <summary>Sessions one connection may create (as the SDK bounds buffered session streams at 1024).</summary>
    internal const int MaxSessionsPerConnection = 1024;

    private readonly ConcurrentDictionary<string, PlatformAcpSession> _sessions = new(StringComparer.Ordinal);
    private long _invocations;
    private int _disposed;

    public JsonObject InitializeResult { get; } = initializeResult;

    public IAcpClientPeer Peer { get; } = peer;

    /// <summary>Platform session ids are minted by the Relay and unique across its agents; the name still separates them.</summary>
    public string SessionScope => "platform/" + agent;

    public async ValueTask ReceiveAsync(JsonRpcMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        switch (message.Kind)
        {
            case JsonRpcKind.Request:
                await RequestAsync(message, cancellationToken).ConfigureAwait(false);
                break;
            case JsonRpcKind.Notification when message.Method == AcpMethods.SessionCancel:
                await CancelAsync(message).ConfigureAwait(false);
                break;
            case JsonRpcKind.Response:
                await AnsweredAsync(message).ConfigureAwait(false);
                break;
            default:
                // Other notifications (the edge's own, unknown ones) need no answer.
                break;
        }
    }

    public async ValueTask<bool> AdoptSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        if (services.Sessions.Find(sessionId, agent, Peer.UserId) is not { } session) return false;
        if (Own(session)) await ResendPermissionsAsync(session, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The prompt running as invocation <paramref name="invocationId"/> on this connection.</summary>
    public PlatformPrompt? Prompt(string invocationId) => _prompts.TryGetValue(invocationId, out var p) ? p : null;

    /// <summary>Sends a session/update to whoever owns the session now (kept in its history either way).</summary>
    public async ValueTask<bool> SendUpdateAsync(PlatformAcpSession session, JsonObject update)
    {
        session.Record(update);
        session.Touch(services.Time.GetUtcNow());
        if (session.Owner is not { } owner) return true;
        var notification = JsonRpcMessage.Notification(AcpMethods.SessionUpdate, new JsonObject { ["sessionId"] = session.Id, ["update"] = update.DeepClone() });
        return await owner.Peer.SendAsync(notification).ConfigureAwait(false);
    }

    /// <summary>Answers the prompt (once) on the connection that sent it, and frees its session for the next one.</summary>
    public async ValueTask<bool> EndPromptAsync(PlatformPrompt prompt, JsonRpcMessage answer)
    {
        _prompts.TryRemove(new KeyValuePair<string, PlatformPrompt>(prompt.InvocationId, prompt));
        Forget(prompt);
        if (!prompt.TryAnswer()) return true;
        LogPromptEnded(services.Logger, agent, prompt.Session.Id, answer.IsError ? "error" : (string?)answer.Result?["stopReason"] ?? "");
        return await Peer.SendAsync(answer).ConfigureAwait(false);
    }

    /// <summary>REQUEST → session/request_permission to the session's owner; nobody to ask ends the prompt.</summary>
    public async ValueTask<bool> AskAsync(PlatformPrompt prompt, RequestFrame request)
    {
        var session = prompt.Session;
        var id = services.Sessions.NextRequestId();
        var parameters = PlatformAcpMapping.PermissionParams(session.Id, request);
        var pending = new PendingPermission(prompt, id, request.Rid, parameters);
        session.Permissions[JsonRpcIds.Key(JsonValue.Create(id))!] = pending;
        var owner = session.Owner;
        if (owner is not null && await owner.Peer.SendAsync(JsonRpcMessage.Request(id, AcpMethods.SessionRequestPermission, parameters.DeepClone()))
                .ConfigureAwait(false))
        {
            return true;
        }
        // Nobody can answer: the agent must not wait for ever (the prompt ends cancelled).
        session.Permissions.TryRemove(JsonRpcIds.Key(JsonValue.Create(id))!, out _);
        await prompt.Origin.InterruptAsync(prompt, "nobody can answer the agent's request").ConfigureAwait(false);
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var table in _tables.Values)
        {
            await table.StopAllAsync("the client disconnected").ConfigureAwait(false);
        }
        // Stopped silently (nobody is there to answer): the sessions are free for a later prompt.
        foreach (var prompt in _prompts.Values)
        {
            prompt.TryAnswer();
            Forget(prompt);
        }
        _prompts.Clear();
        foreach (var session in _sessions.Values)
        {
            session.Touch(services.Time.GetUtcNow());
            session.Release(this);
        }
        _sessions.Clear();
    }

    private async ValueTask RequestAsync(JsonRpcMessage request, CancellationToken cancellationToken)
    {
        var answer = request.Method switch
        {
            AcpMethods.SessionNew => NewSession(request),
            AcpMethods.SessionLoad => await LoadSessionAsync(request, cancellationToken).ConfigureAwait(false),
            AcpMethods.SessionPrompt => await PromptAsync(request).ConfigureAwait(false),
            AcpMethods.Authenticate => JsonRpcMessage.Success(request.Id, new JsonObject()),
            AcpMethods.Initialize => JsonRpcMessage.Failure(request.Id, JsonRpcErrorCodes.InvalidRequest, "Invalid request: the connection is initialized already"),
            _ => JsonRpcMessage.Failure(request.Id, JsonRpcErrorCodes.MethodNotFound, "\"Method not found\": " + request.Method,
                new JsonObject { ["method"] = request.Method }),
        };
        if (answer is not null) await Peer.SendAsync(answer, cancellationToken).ConfigureAwait(false);
    }

    private JsonRpcMessage NewSession(JsonRpcMessage request)
    {
        // A remote peer must not grow the Relay-wide store without bound through one connection.
        if (_sessions.Count >= MaxSessionsPerConnection)
        {
            return JsonRpcMessage.Failure(request.Id, JsonRpcErrorCodes.InvalidRequest,
                "Invalid request: this connection holds the most sessions allowed (" + MaxSessionsPerConnection.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")");
        }
        var session = services.Sessions.Create(agent, Peer.UserId);
        _ = Own(session);
        LogSessionCreated(services.Logger, agent, session.Id);
        return JsonRpcMessage.Success(request.Id, new JsonObject { ["sessionId"] = session.Id });
    }

    private async ValueTask<JsonRpcMessage> LoadSessionAsync(JsonRpcMessage request, CancellationToken cancellationToken)
    {
        if (request.SessionId is not { } sessionId) return InvalidParams(request, "sessionId is required");
        if (services.Sessions.Find(sessionId, agent, Peer.UserId) is not { } session) return JsonRpcMessage.SessionNotFound(request.Id, sessionId);
        var moved = Own(session);
        foreach (var update in session.History())
        {
            var replay = JsonRpcMessage.Notification(AcpMethods.SessionUpdate, new JsonObject { ["sessionId"] = sessionId, ["update"] = update.DeepClone() });
            if (!await Peer.SendAsync(replay, cancellationToken).ConfigureAwait(false)) break;
        }
        if (moved) await ResendPermissionsAsync(session, cancellationToken).ConfigureAwait(false);
        return JsonRpcMessage.Success(request.Id, new JsonObject());
    }

    /// <summary>Starts the prompt's invocation; its answer comes later through <see cref="AcpFrameOutput"/> (null here).</summary>
    private async ValueTask<JsonRpcMessage?> PromptAsync(JsonRpcMessage request)
    {
        if (request.SessionId is not { } sessionId) return InvalidParams(request, "sessionId is required");
        if (request.Params?["prompt"] is not JsonArray blocks) return InvalidParams(request, "prompt must be an array of content blocks");
        if (Owned(sessionId) is not { } session) return JsonRpcMessage.SessionNotFound(request.Id, sessionId);
        var invocationId = "acp-" + Interlocked.Increment(ref _invocations).ToString(CultureInfo.InvariantCulture);
        var prompt = new PlatformPrompt(this, session, request.Id, invocationId);
        if (!session.TryStart(prompt))
        {
            return JsonRpcMessage.Failure(request.Id, JsonRpcErrorCodes.InvalidRequest,
                $"A prompt is already running in session {sessionId}: wait for its response or send session/cancel");
        }
        foreach (var block in blocks) session.Record(PlatformAcpMapping.UserChunk(block));
        session.Touch(services.Time.GetUtcNow());
        _prompts[invocationId] = prompt;
        await Table(session).StartAsync(new InvokeFrame(invocationId, agent, PlatformAcpMapping.PromptInput(blocks))).ConfigureAwait(false);
        return null;
    }

    private async ValueTask CancelAsync(JsonRpcMessage notification)
    {
        if (notification.SessionId is not { } sessionId || Owned(sessionId) is not { Running: { } prompt }) return;
        await prompt.Origin.InterruptAsync(prompt, "cancelled by the client").ConfigureAwait(false);
    }

    /// <summary>The client's answer to a session/request_permission: REPLY, or the prompt is cancelled.</summary>
    private async ValueTask AnsweredAsync(JsonRpcMessage response)
    {
        if (response.IdKey is not { } key) return;
        foreach (var session in _sessions.Values)
        {
            if (!ReferenceEquals(session.Owner, this) || !session.Permissions.TryRemove(key, out var pending)) continue;
            var prompt = pending.Prompt;
            var data = response.IsError ? null : PlatformAcpMapping.ReplyData(response.Result);
            if (data is null)
            {
                await prompt.Origin.InterruptAsync(prompt, "the client cancelled the permission request").ConfigureAwait(false);
            }
            else
            {
                await GuardAsync(prompt, table => table.ReplyAsync(new ReplyFrame(prompt.InvocationId, pending.Rid, data))).ConfigureAwait(false);
            }
            return;
        }
    }

    private ValueTask InterruptAsync(PlatformPrompt prompt, string reason) =>
        GuardAsync(prompt, table => table.InterruptAsync(new InterruptFrame(prompt.InvocationId) { Reason = reason }));

    /// <summary>
    /// Runs a call on the prompt's invocation table without letting its failure reach the transport: reaching the agent
    /// can fail (a provider gone, a POST to Functions cut short), and a REPLY's POST can lose the race with the
    /// invocation's own end, which cancels it. A prompt still running after such a failure ends with an ERROR.
    /// </summary>
    private async ValueTask GuardAsync(PlatformPrompt prompt, Func<InvocationTable, ValueTask> call)
    {
        if (!prompt.Origin._tables.TryGetValue(prompt.Session.Id, out var table)) return;
        try
        {
            await call(table).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException or InvalidOperationException)
        {
            if (!table.TryGet(prompt.InvocationId, out var invocation) || invocation.Ended) return;
            LogAgentUnreachable(services.Logger, agent, prompt.Session.Id, ex.GetType().Name);
            await invocation.FailAsync(AspErrorCodes.FunctionUnavailable, "the agent could not be reached", true).ConfigureAwait(false);
        }
    }

    private async ValueTask ResendPermissionsAsync(PlatformAcpSession session, CancellationToken cancellationToken)
    {
        foreach (var pending in session.Permissions.Values)
        {
            var request = JsonRpcMessage.Request(pending.RequestId, AcpMethods.SessionRequestPermission, pending.Params.DeepClone());
            await Peer.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes <paramref name="session"/> over; true when it moved here (this connection has not seen its waiting requests).</summary>
    private bool Own(PlatformAcpSession session)
    {
        var previous = session.SetOwner(this);
        session.Touch(services.Time.GetUtcNow());
        _sessions[session.Id] = session;
        return !ReferenceEquals(previous, this);
    }

    private PlatformAcpSession? Owned(string sessionId) =>
        _sessions.TryGetValue(sessionId, out var s) && ReferenceEquals(s.Owner, this) ? s : null;

    private InvocationTable Table(PlatformAcpSession session) => _tables.GetOrAdd(session.Id, id =>
        new InvocationTable(new AcpFrameOutput(this, session), services.Router, new InvocationCaller(Peer.ConnectionId, id, Peer.UserId),
            services.Limits, services.Observer, services.Time));

    private static void Forget(PlatformPrompt prompt)
    {
        prompt.Session.Finish(prompt);
        foreach (var (key, pending) in prompt.Session.Permissions)
        {
            if (ReferenceEquals(pending.Prompt, prompt)) prompt.Session.Permissions.TryRemove(key, out _);
        }
    }

    private static JsonRpcMessage InvalidParams(JsonRpcMessage request, string message) =>
        JsonRpcMessage.Failure(request.Id, JsonRpcErrorCodes.InvalidParams, "Invalid params: " + message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ACP session {SessionId} of platform agent {Agent} created")]
    private static partial void LogSessionCreated(ILogger logger, string agent, string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACP prompt in session {SessionId} of platform agent {Agent}: the agent could not be reached ({Error})")]
    private static partial void LogAgentUnreachable(ILogger logger, string agent, string sessionId, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ACP prompt in session {SessionId} of platform agent {Agent} ended: {Outcome}")]
    private static partial void LogPromptEnded(ILogger logger, string agent, string sessionId, string outcome);
}
