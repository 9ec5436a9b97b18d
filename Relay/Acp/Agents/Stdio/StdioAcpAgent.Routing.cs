using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Relay.Acp.Agents.Stdio;

// Routing between the clients and the one agent process. Every decision and every queueing happens under _gate, so
// the order messages reach stdin and each client's queue is the order they were routed in.
public sealed partial class StdioAcpAgent
{
    /// <summary>A message from a client (after its initialize).</summary>
    internal void FromClient(StdioAttachment from, JsonRpcMessage message)
    {
        lock (_gate)
        {
            switch (message.Kind)
            {
                case JsonRpcKind.Request:
                    ClientRequest(from, message);
                    break;
                case JsonRpcKind.Notification:
                    ClientNotification(from, message);
                    break;
                default:
                    ClientResponse(from, message);
                    break;
            }
        }
    }

    /// <summary>The client takes over a session the agent knows without the agent hearing of it (the replay extension's resume).</summary>
    internal bool Adopt(StdioAttachment attachment, string sessionId)
    {
        lock (_gate)
        {
            if (attachment.Closed || !_sessions.ContainsKey(sessionId)) return false;
            _sessions[sessionId] = attachment;
            return true;
        }
    }

    /// <summary>
    /// The client left: the agent's requests to it are answered with errors, its prompts are cancelled (session/cancel)
    /// and its other requests too ($/cancel_request); its sessions stay known to the agent, loadable by another client.
    /// </summary>
    internal void Detach(StdioAttachment attachment)
    {
        lock (_gate)
        {
            _attachments.Remove(attachment);
            if (attachment.Closed) return;
            var process = Current(attachment);
            attachment.Closed = true;
            foreach (var request in attachment.RequestsFromAgent.Values)
            {
                _fromAgent.Remove(request.AgentIdKey);
                process?.Send(ClientDisconnected(request.AgentId));
            }
            attachment.RequestsFromAgent.Clear();
            var prompting = new HashSet<string>(StringComparer.Ordinal);
            foreach (var agentKey in attachment.RequestsToAgent.Values)
            {
                if (!_toAgent.TryGetValue(agentKey, out var pending)) continue;
                if (pending.Method == AcpMethods.SessionPrompt && pending.SessionId is { } session)
                {
                    // A session another client has since loaded or adopted keeps its turn: that client watches it now.
                    if (Owns(attachment, session)) prompting.Add(session);
                }
                else
                {
                    // The entry stays in _toAgent: the agent's answer still arrives and is dropped (the client is closed).
                    process?.Send(JsonRpcMessage.Notification(AcpMethods.CancelRequest, new JsonObject { ["requestId"] = AgentIdNode(agentKey) }));
                }
            }
            attachment.RequestsToAgent.Clear();
            foreach (var session in prompting)
            {
                process?.Send(JsonRpcMessage.Notification(AcpMethods.SessionCancel, new JsonObject { ["sessionId"] = session }));
            }
            foreach (var session in _sessions.Where(s => s.Value == attachment).Select(s => s.Key).ToList())
            {
                _sessions[session] = null;
            }
            LogDetached(_logger, Name, attachment.Peer.ConnectionId, prompting.Count);
        }
    }

    /// <summary>The client could not be given the agent's request (its connection is gone): the agent gets an error instead of waiting.</summary>
    internal void ClientUnreachable(AgentRequestInFlight request)
    {
        lock (_gate)
        {
            if (!request.Attachment.RequestsFromAgent.Remove(request.ClientIdKey)) return;
            _fromAgent.Remove(request.AgentIdKey);
            Current(request.Attachment)?.Send(ClientDisconnected(request.AgentId));
        }
    }

    private void ClientRequest(StdioAttachment from, JsonRpcMessage message)
    {
        var method = message.Method!;
        var clientKey = message.IdKey!;
        var session = message.SessionId;
        var process = Current(from);
        if (method == AcpMethods.Initialize)
        {
            from.Enqueue(new StdioOutbound(JsonRpcMessage.Failure(message.Id, JsonRpcErrorCodes.InvalidRequest, "Initialize not allowed on existing connection")));
            return;
        }
        if (method == AcpMethods.Authenticate)
        {
            // The process is shared: one client's credentials would authenticate every client of the agent.
            from.Enqueue(new StdioOutbound(JsonRpcMessage.Failure(message.Id, JsonRpcErrorCodes.InvalidRequest,
                "Invalid request: authenticate is not allowed on a shared stdio agent (it would apply to every client of the agent)",
                new JsonObject { ["method"] = method })));
            return;
        }
        if (process is null)
        {
            from.Enqueue(new StdioOutbound(JsonRpcMessage.Failure(message.Id, JsonRpcErrorCodes.InternalError, "Agent unavailable",
                new JsonObject { ["reason"] = "agent exited" })));
            return;
        }
        if (from.RequestsToAgent.ContainsKey(clientKey))
        {
            from.Enqueue(new StdioOutbound(JsonRpcMessage.Failure(message.Id, JsonRpcErrorCodes.InvalidRequest, "Invalid request: id already in use")));
            return;
        }
        var binds = session is not null && BindsOnRequest(method);
        if (session is not null && !binds && !Owns(from, session))
        {
            from.Enqueue(new StdioOutbound(JsonRpcMessage.SessionNotFound(message.Id, session)));
            return;
        }
        StdioAttachment? previous = null;
        var known = binds && _sessions.TryGetValue(session!, out previous);
        if (binds)
        {
            // Bound when the request passes, not on its reply: the agent replays history as session/update before
            // answering, and those updates must already reach this client.
            _sessions[session!] = from;
        }
        var agentId = ++_lastId;
        var agentKey = AgentKey(agentId);
        _toAgent[agentKey] = new ClientRequestInFlight
        {
            Attachment = from,
            ClientId = message.Id?.DeepClone(),
            ClientIdKey = clientKey,
            Method = method,
            SessionId = session,
            SessionWasKnown = known,
            PreviousOwner = previous,
        };
        from.RequestsToAgent[clientKey] = agentKey;
        process.Send(message.WithId(agentId));
    }

    private void ClientNotification(StdioAttachment from, JsonRpcMessage message)
    {
        var process = Current(from);
        if (process is null) return;
        var method = message.Method!;
        if (method == AcpMethods.CancelRequest)
        {
            // Only this client's own outstanding requests can be cancelled, under the agent-side id.
            var key = JsonRpcIds.Key((message.Params as JsonObject)?["requestId"]);
            if (key is null || !from.RequestsToAgent.TryGetValue(key, out var agentKey)) return;
            var parameters = (JsonObject)message.Params!.DeepClone();
            parameters["requestId"] = AgentIdNode(agentKey);
            process.Send(JsonRpcMessage.Notification(AcpMethods.CancelRequest, parameters));
            return;
        }
        if (method.StartsWith("_agentplatform/", StringComparison.Ordinal)) return;
        var session = message.SessionId;
        if (session is not null && !Owns(from, session)) return;
        process.Send(message);
    }

    private void ClientResponse(StdioAttachment from, JsonRpcMessage message)
    {
        var key = message.IdKey;
        if (key is null || !from.RequestsFromAgent.Remove(key, out var request)) return;
        _fromAgent.Remove(request.AgentIdKey);
        Current(from)?.Send(message.WithId(request.AgentId));
    }

    /// <summary>A message from the agent process (in stdout order).</summary>
    private void OnAgentMessage(StdioAgentProcess process, JsonRpcMessage message)
    {
        lock (_gate)
        {
            if (_process != process) return;
            switch (message.Kind)
            {
                case JsonRpcKind.Response:
                    AgentResponse(message);
                    break;
                case JsonRpcKind.Request:
                    AgentRequest(process, message);
                    break;
                default:
                    AgentNotification(message);
                    break;
            }
        }
    }

    private void AgentResponse(JsonRpcMessage message)
    {
        var key = message.IdKey;
        if (key is null || !_toAgent.Remove(key, out var pending))
        {
            LogUnknownResponse(_logger, Name);
            return;
        }
        if (pending.Relay is not null)
        {
            pending.Relay.TrySetResult(message);
            return;
        }
        var attachment = pending.Attachment!;
        if (attachment.RequestsToAgent.TryGetValue(pending.ClientIdKey, out var mapped) && mapped == key)
        {
            attachment.RequestsToAgent.Remove(pending.ClientIdKey);
        }
        var session = pending.SessionId;
        // session/fork makes a new session as session/new does: bound to the client that asked for it.
        if (!message.IsError && pending.Method is AcpMethods.SessionNew or SessionFork
            && message.Result is JsonObject created && created["sessionId"] is JsonValue id && id.TryGetValue<string>(out var newSession))
        {
            _sessions[newSession] = attachment.Closed ? null : attachment;
        }
        else if (message.IsError && session is not null && BindsOnRequest(pending.Method)
            && _sessions.TryGetValue(session, out var owner) && owner == attachment)
        {
            // The load failed: the session goes back to how it was before the request passed.
            if (pending.SessionWasKnown) _sessions[session] = pending.PreviousOwner is { Closed: false } previous ? previous : null;
            else _sessions.Remove(session);
        }
        else if (!message.IsError && pending.Method == AcpMethods.SessionClose && session is not null)
        {
            _sessions.Remove(session);
        }
        else if (!message.IsError && pending.Method == SessionList && message.Result is JsonObject { } listed && listed["sessions"] is JsonArray)
        {
            // One agent, many users: a client lists the sessions nobody else holds, not every client's.
            message = message.WithId(message.Id);
            var visible = (JsonArray)((JsonObject)message.Result!)["sessions"]!;
            foreach (var entry in visible.ToList())
            {
                var listedId = (entry as JsonObject)?["sessionId"] is JsonValue v && v.TryGetValue<string>(out var sid) ? sid : null;
                if (listedId is not null && _sessions.TryGetValue(listedId, out var holder) && holder is { Closed: false } && holder != attachment)
                {
                    visible.Remove(entry);
                }
            }
        }
        if (!attachment.Closed) attachment.Enqueue(new StdioOutbound(message.WithId(pending.ClientId)));
    }

    private void AgentRequest(StdioAgentProcess process, JsonRpcMessage message)
    {
        var method = message.Method!;
        var session = message.SessionId;
        if (session is null)
        {
            // Nothing tells which client it is for, and a broadcast would let any client answer for another.
            process.Send(JsonRpcMessage.Failure(message.Id, JsonRpcErrorCodes.MethodNotFound, "\"Method not found\": " + method, new JsonObject { ["method"] = method }));
            return;
        }
        if (!_sessions.TryGetValue(session, out var owner) || owner is null || owner.Closed)
        {
            process.Send(ClientDisconnected(message.Id));
            return;
        }
        if (!owner.Capabilities.Allows(method))
        {
            // The Relay advertised the capability as the agent's one client; this client did not declare it.
            process.Send(JsonRpcMessage.Failure(message.Id, JsonRpcErrorCodes.MethodNotFound, "\"Method not found\": " + method, new JsonObject { ["method"] = method }));
            return;
        }
        var clientId = ++owner.LastOutgoingId;
        var request = new AgentRequestInFlight(owner, clientId, AgentKey(clientId), message.Id?.DeepClone(), message.IdKey!);
        owner.RequestsFromAgent[request.ClientIdKey] = request;
        _fromAgent[request.AgentIdKey] = request;
        owner.Enqueue(new StdioOutbound(message.WithId(clientId), request));
    }

    private void AgentNotification(JsonRpcMessage message)
    {
        if (message.Method == AcpMethods.CancelRequest)
        {
            var key = JsonRpcIds.Key((message.Params as JsonObject)?["requestId"]);
            if (key is null || !_fromAgent.TryGetValue(key, out var request) || request.Attachment.Closed) return;
            var parameters = (JsonObject)message.Params!.DeepClone();
            parameters["requestId"] = request.ClientId;
            request.Attachment.Enqueue(new StdioOutbound(JsonRpcMessage.Notification(AcpMethods.CancelRequest, parameters)));
            return;
        }
        var session = message.SessionId;
        if (session is null || !_sessions.TryGetValue(session, out var owner) || owner is null || owner.Closed)
        {
            // Not routable to one client (no session, or nobody owns it now): dropped, never broadcast.
            return;
        }
        owner.Enqueue(new StdioOutbound(message));
    }

    private bool Owns(StdioAttachment attachment, string session) => _sessions.TryGetValue(session, out var owner) && owner == attachment;

    /// <summary>The process the attachment talks to, when it is still the running one.</summary>
    private StdioAgentProcess? Current(StdioAttachment attachment) =>
        !attachment.Closed && _live && _process == attachment.Process ? _process : null;

    /// <summary>ACP's session/list (not in <see cref="AcpMethods"/>): its result is filtered per client.</summary>
    private const string SessionList = "session/list";
    private const string SessionFork = "session/fork";

    private static bool BindsOnRequest(string method) => method is AcpMethods.SessionLoad or AcpMethods.SessionResume;

    private static JsonRpcMessage ClientDisconnected(JsonNode? agentId) =>
        JsonRpcMessage.Failure(agentId, JsonRpcErrorCodes.InternalError, "client disconnected", new JsonObject { ["reason"] = "client disconnected" });

    /// <summary>The agent-side id back from its key ("n:17" → 17); the Relay's own ids are always integers.</summary>
    private static JsonValue AgentIdNode(string agentKey) => JsonValue.Create(long.Parse(agentKey.AsSpan(2), System.Globalization.CultureInfo.InvariantCulture));

    [LoggerMessage(Level = LogLevel.Debug, Message = "ACP agent {Agent} answered a request the Relay is not waiting for; dropped")]
    private static partial void LogUnknownResponse(ILogger logger, string agent);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ACP connection {ConnectionId} detached from agent {Agent} ({Prompts} prompts cancelled)")]
    private static partial void LogDetached(ILogger logger, string agent, string connectionId, int prompts);
}
