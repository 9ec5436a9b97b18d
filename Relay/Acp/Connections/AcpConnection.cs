using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;
using AgentPlatform.Relay.Acp.Agents;
using AgentPlatform.Relay.Acp.Replay;
using AgentPlatform.Relay.Core;

namespace AgentPlatform.Relay.Acp.Connections;

/// <summary>
/// One ACP client connection, whatever its transport: the client end of an agent attachment (<see cref="IAcpClientPeer"/>),
/// the edge's own methods (a second initialize, the replay extension's ack and resume), and the connection's end —
/// its attachment is disposed at once, or after the replay window when the client asked for replay so that its
/// sessions keep filling the replay buffer. Transports supply <see cref="Deliver"/> (queue one message, in order,
/// synchronously) and <see cref="Fail"/>.
/// </summary>
public abstract partial class AcpConnection : IAcpClientPeer, IAcpReplayClient
{
    private readonly ILogger _logger;
    private IAcpAttachment? _attachment;
    private int _dropped;
    private int _disposing;
    private ITimer? _disposeTimer;
    private string _sessionScope = "";

    /// <summary>
    /// This client's session/load requests the agent has not answered yet (id key → session id): a successful answer is
    /// the agent's word that the session is now this client's, so its replay log is claimed then, never on the request.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _pendingLoads = new(StringComparer.Ordinal);

    /// <summary>Bounds <see cref="_pendingLoads"/> against a client that floods session/load requests.</summary>
    private const int MaxPendingLoads = 1024;

    protected AcpConnection(AcpRuntime runtime, string? userId, string transport, string? connectionId = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        Runtime = runtime;
        UserId = userId;
        Transport = transport;
        ConnectionId = connectionId ?? Guid.NewGuid().ToString();
        _logger = runtime.Loggers.CreateLogger<AcpConnection>();
    }

    public string ConnectionId { get; }

    public string? UserId { get; }

    /// <inheritdoc />
    public string SessionScope => Volatile.Read(ref _sessionScope);

    /// <summary><c>websocket</c> or <c>http</c>.</summary>
    public string Transport { get; }

    /// <summary>True when the client's initialize asked for the replay extension.</summary>
    public bool ReplayRequested { get; private set; }

    public bool IsDropped => Volatile.Read(ref _dropped) != 0;

    public bool IsInitialized => Volatile.Read(ref _attachment) is not null;

    /// <summary>The connection as the core knows it (admin API, Dashboard, counters).</summary>
    public RelayConnection? Relay { get; protected set; }

    protected AcpRuntime Runtime { get; }

    /// <summary>
    /// Attaches to <paramref name="agent"/> with the client's initialize request and returns the initialize response.
    /// Throws <see cref="AcpAgentUnavailableException"/> when the agent cannot be reached.
    /// </summary>
    public async Task<JsonRpcMessage> InitializeAsync(IAcpAgent agent, JsonRpcMessage initialize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(initialize);
        ReplayRequested = AcpReplayMeta.Requested(initialize);
        var attachment = await agent.AttachAsync(this, initialize, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _sessionScope, attachment.SessionScope);
        Interlocked.Exchange(ref _attachment, attachment);
        if (IsDropped)
        {
            // The client left while the agent was initializing: nobody will use this attachment.
            await DisposeAttachmentAsync().ConfigureAwait(false);
            throw new OperationCanceledException("the connection ended during initialize");
        }
        // The attachment may hand every client the same result object: a node has one parent, so it is copied.
        var result = ReplayRequested ? AcpReplayMeta.Announce(attachment.InitializeResult) : (JsonObject)attachment.InitializeResult.DeepClone();
        LogInitialized(_logger, ConnectionId, Transport, agent.Name, ReplayRequested);
        return JsonRpcMessage.Success(initialize.Id, result);
    }

    /// <summary>Handles one message of an initialized client, in arrival order.</summary>
    public async ValueTask DispatchAsync(JsonRpcMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var attachment = Volatile.Read(ref _attachment) ?? throw new InvalidOperationException("not initialized");
        switch (message.Kind, message.Method)
        {
            case (JsonRpcKind.Request, AcpMethods.Initialize):
                Deliver(JsonRpcMessage.Failure(message.Id, JsonRpcErrorCodes.InvalidRequest, "Initialize not allowed on existing connection"));
                return;
            case (JsonRpcKind.Notification, AcpMethods.ReplayAck):
                if (ReplayRequested) Acknowledge(message);
                return;
            case (JsonRpcKind.Request, AcpMethods.ReplayResume):
                if (ReplayRequested)
                {
                    await ResumeAsync(attachment, message, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    Deliver(JsonRpcMessage.Failure(message.Id, JsonRpcErrorCodes.MethodNotFound, "\"Method not found\": " + message.Method,
                        new JsonObject { ["method"] = message.Method }));
                }
                return;
        }
        // What the client says about a session proves nothing (the agent checks ownership): only the agent's successful
        // answer to session/load moves the replay log, and no log is ever made from an inbound message.
        if (ReplayRequested && message.Kind == JsonRpcKind.Request && message.Method == AcpMethods.SessionLoad
            && message.SessionId is { } loading && message.IdKey is { } loadKey && _pendingLoads.Count < MaxPendingLoads)
        {
            _pendingLoads[loadKey] = loading;
        }
        await attachment.ReceiveAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> SendAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        // Backpressure onto the agent while the client reads slowly; outside any lock, so ordering stays with Deliver.
        if (!IsDropped) await WaitForRoomAsync(cancellationToken).ConfigureAwait(false);
        if (ReplayRequested)
        {
            if (message.Kind == JsonRpcKind.Notification && message.SessionId is { } sessionId)
            {
                return Runtime.Replay.Append(this, sessionId, message);
            }
            if (message.Kind == JsonRpcKind.Response && message.IdKey is { } key)
            {
                var loaded = _pendingLoads.TryRemove(key, out var l) ? l : null;
                if (!IsDropped && !message.IsError && (AcpReplayMeta.ResultSessionId(message) ?? loaded) is { } created)
                {
                    Runtime.Replay.Claim(this, created);
                }
            }
        }
        return !IsDropped && Deliver(message);
    }

    /// <summary>Waits (bounded) while the transport holds much unsent output; the default does not wait.</summary>
    protected virtual ValueTask WaitForRoomAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Queues one message for the client, synchronously and in call order; false when the connection cannot take it.</summary>
    public abstract bool Deliver(JsonRpcMessage message);

    /// <inheritdoc />
    public abstract void Fail(string reason);

    /// <summary>The Relay is stopping: the connection ends (WebSocket close 1001).</summary>
    public abstract void Shutdown();

    /// <summary>
    /// The transport ended for good (called once). Without replay the attachment goes at once; with replay its sessions
    /// keep filling the replay buffer for the window, then it goes.
    /// </summary>
    protected void Dropped(string reason)
    {
        if (Interlocked.Exchange(ref _dropped, 1) != 0) return;
        Runtime.Connections.Remove(this);
        Runtime.Telemetry.Connections.Add(-1, new KeyValuePair<string, object?>("dialect", AcpDialect.DialectName));
        LogDropped(_logger, ConnectionId, Transport, reason);
        if (!ReplayRequested || Volatile.Read(ref _attachment) is null || Runtime.Connections.Stopping)
        {
            _ = DisposeAttachmentAsync();
            return;
        }
        Runtime.Replay.Dropped(this);
        Runtime.Connections.Linger(this);
        var timer = Runtime.Time.CreateTimer(static s => _ = ((AcpConnection)s!).DisposeAttachmentAsync(), this,
            Runtime.Options.Replay.Window, Timeout.InfiniteTimeSpan);
        _disposeTimer = timer;
    }

    /// <summary>Counts a new connection (called by transports once it is registered).</summary>
    protected void Opened()
    {
        Runtime.Connections.Add(this);
        Runtime.Telemetry.Connections.Add(1, new KeyValuePair<string, object?>("dialect", AcpDialect.DialectName));
    }

    /// <summary>Disposes the attachment now (the Relay stops), whatever remains of its replay window.</summary>
    public Task ReleaseAttachmentAsync() => DisposeAttachmentAsync();

    private async Task DisposeAttachmentAsync()
    {
        Runtime.Connections.Unlinger(this);
        var attachment = Interlocked.Exchange(ref _attachment, null);
        if (attachment is null || Interlocked.Exchange(ref _disposing, 1) != 0) return;
        _disposeTimer?.Dispose();
        try
        {
            await attachment.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The connection is gone either way; an agent that failed to let go is its own problem, logged.
            LogDisposeFailed(_logger, ConnectionId, ex);
        }
    }

    private void Acknowledge(JsonRpcMessage message)
    {
        if (message.SessionId is { } sessionId && message.Params is JsonObject p && p["seq"] is JsonValue v && v.TryGetValue<long>(out var seq))
        {
            Runtime.Replay.Acknowledge(this, sessionId, seq);
        }
    }

    private async ValueTask ResumeAsync(IAcpAttachment attachment, JsonRpcMessage request, CancellationToken cancellationToken)
    {
        if (request.SessionId is not { } sessionId)
        {
            Deliver(JsonRpcMessage.Failure(request.Id, JsonRpcErrorCodes.InvalidParams, "Invalid params: sessionId is required"));
            return;
        }
        long after = 0;
        if (request.Params is JsonObject p && p["after"] is JsonValue a && (!a.TryGetValue(out after) || after < 0))
        {
            Deliver(JsonRpcMessage.Failure(request.Id, JsonRpcErrorCodes.InvalidParams, "Invalid params: after must be a non-negative integer"));
            return;
        }
        var log = Runtime.Replay.BeginResume(this, sessionId);
        if (log is null)
        {
            Deliver(JsonRpcMessage.SessionNotFound(request.Id, sessionId));
            return;
        }
        bool adopted;
        try
        {
            adopted = await attachment.AdoptSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The attempt failed, not the session: its previous owner (and replay window) get it back.
            log.AbortResume(this);
            throw;
        }
        if (!adopted)
        {
            // Forgotten only when nobody can still use it: the agent does not know the session and its owner is gone.
            if (log.PreviousOwnerGone) Runtime.Replay.Forget(log);
            else log.AbortResume(this);
            Deliver(JsonRpcMessage.SessionNotFound(request.Id, sessionId));
            return;
        }
        var (replayed, truncated) = log.CompleteResume(after);
        var result = new JsonObject { ["replayed"] = replayed };
        if (truncated) result["truncated"] = true;
        LogResumed(_logger, ConnectionId, replayed, truncated);
        Deliver(JsonRpcMessage.Success(request.Id, result));
    }

    [LoggerMessage(EventId = 6301, Level = LogLevel.Debug, Message = "ACP connection {ConnectionId} ({Transport}) attached to agent {Agent} (replay {Replay})")]
    private static partial void LogInitialized(ILogger logger, string connectionId, string transport, string agent, bool replay);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Debug, Message = "ACP connection {ConnectionId} ({Transport}) ended: {Reason}")]
    private static partial void LogDropped(ILogger logger, string connectionId, string transport, string reason);

    [LoggerMessage(EventId = 6303, Level = LogLevel.Warning, Message = "ACP connection {ConnectionId}: disposing its agent attachment failed")]
    private static partial void LogDisposeFailed(ILogger logger, string connectionId, Exception ex);

    [LoggerMessage(EventId = 6304, Level = LogLevel.Debug, Message = "ACP connection {ConnectionId} resumed a session: {Replayed} replayed (truncated {Truncated})")]
    private static partial void LogResumed(ILogger logger, string connectionId, int replayed, bool truncated);
}
