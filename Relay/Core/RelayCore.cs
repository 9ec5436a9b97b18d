using System.Collections.Concurrent;
using System.Security.Cryptography;
using AgentPlatform.Protocol;
using AgentPlatform.Relay.Core.Backplane;
using AgentPlatform.Relay.Core.Sessions;
using AgentPlatform.Server.Delivery;
using AgentPlatform.Server.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentPlatform.Relay.Core;

/// <summary>
/// The one relay model every dialect sits on: hubs of connections, groups and users; sends to a connection,
/// group, user or hub; join/leave; close; reliable sessions that survive a dropped socket. Operations that may
/// concern connections on other replicas go through the backplane, on the topic of what they address (SignalR's
/// Redis lifetime manager): this replica subscribes to the topics of the connections, groups, users and hubs it holds.
/// </summary>
public sealed partial class RelayCore
{
    private readonly ConcurrentDictionary<string, RelayHub> _hubs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RelayConnection> _byResumeToken = new(StringComparer.Ordinal);
    private readonly IRelayBackplane _backplane;
    private readonly TimeProvider _time;
    private readonly TopicSubscriptions _subscriptions;
    private readonly ILogger _logger;
    private readonly ISessionStore _store;

    public RelayCore(IRelayBackplane backplane, RelayCoreOptions options, TimeProvider time, ILogger<RelayCore>? logger = null,
        ISessionStore? sessions = null)
    {
        _backplane = backplane;
        _store = sessions ?? new InProcessSessionStore();
        Options = options;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _subscriptions = new TopicSubscriptions(backplane, ApplyAsync, _logger);
    }

    public RelayCoreOptions Options { get; }

    /// <summary>The backplane topics this replica holds (reference-counted subscriptions).</summary>
    public TopicSubscriptions Subscriptions => _subscriptions;

    /// <summary>Raised after a connection was opened (not on resume).</summary>
    public event Action<RelayConnection>? ConnectionOpened;

    /// <summary>Raised once when a connection is closed for good.</summary>
    public event Action<RelayConnection, string>? ConnectionClosed;

    public IEnumerable<RelayHub> Hubs => _hubs.Values;

    public RelayHub Hub(string name) => _hubs.GetOrAdd(name, n => new RelayHub(n));

    /// <summary>Starts receiving backplane acknowledgements.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => _backplane.StartAsync(cancellationToken);

    /// <summary>Waits for the unsubscribes that closing connections started (owned by the core until done).</summary>
    public Task StopAsync(CancellationToken cancellationToken) => _subscriptions.DrainAsync().WaitAsync(cancellationToken);

    /// <summary>
    /// Registers a new connection, starts writing to its transport, and returns once other replicas can reach it
    /// (its connection, user and hub topics are subscribed). Throws when the backplane is unreachable; the
    /// connection is then closed.
    /// </summary>
    public async Task<RelayConnection> OpenAsync(ConnectionRegistration registration, IFrameTransport transport, CancellationToken cancellationToken = default)
    {
        var connection = Open(registration, transport);
        try
        {
            await connection.Reachable.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Close(connection, "opening cancelled");
            throw;
        }
        return connection;
    }

    /// <summary>
    /// Registers a new connection and starts writing to its transport. Its backplane subscriptions complete in the
    /// background (<see cref="RelayConnection.Reachable"/>); prefer <see cref="OpenAsync"/>.
    /// </summary>
    public RelayConnection Open(ConnectionRegistration registration, IFrameTransport transport)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var id = registration.ConnectionId ?? NewId();
        var connection = new RelayConnection(id, registration,
            new ConnectionOutbox(registration.Reliable, Options.Outbox), _time.GetUtcNow());
        Task? stored = null;
        if (registration.Reliable)
        {
            connection.ResumeToken = _store.IsShared ? SharedToken(id) : NewToken();
            _byResumeToken[connection.ResumeToken] = connection;
            if (_store.IsShared) stored = Journal(connection);
        }
        connection.SwapTransport(transport);
        connection.Outbox.Attach(transport);
        Hub(registration.Hub).Add(connection);
        connection.Reachable = stored is null ? SubscribeAsync(connection) : ReachableAsync(connection, stored);
        ConnectionOpened?.Invoke(connection);
        return connection;
    }

    /// <summary>
    /// The socket under <paramref name="connection"/> dropped. A reliable session is suspended for the resume
    /// window (its output keeps buffering); anything else is closed.
    /// </summary>
    public void TransportLost(RelayConnection connection, IFrameTransport transport)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (connection.Transitions)
        {
            // A resume may already have attached a newer socket: losing the old one then changes nothing. Checked and
            // acted on under the lock: a resume between the check and the detach would lose its new socket (the
            // session would stay suspended under a client that believes it is connected).
            if (!ReferenceEquals(connection.Transport, transport) || connection.State is ConnectionState.Closed or ConnectionState.Moved) return;
            if (connection.Outbox.Reliable)
            {
                connection.SwapTransport(null);
                connection.Outbox.Detach();
                connection.SetState(ConnectionState.Suspended);
            }
        }
        if (!connection.Outbox.Reliable)
        {
            Close(connection, "transport closed");
            return;
        }
        // The last inbound position goes to the store now: a resume elsewhere must not process a client frame twice.
        connection.Journal?.Touch();
        var timer = _time.CreateTimer(static s =>
        {
            var (core, conn) = ((RelayCore, RelayConnection))s!;
            core.CloseCore(conn, "resume window expired", CloseCodes.Normal, onlyIfSuspended: true);
        }, (this, connection), Options.ResumeWindow, Timeout.InfiniteTimeSpan);
        connection.Closed.Register(static t => ((ITimer)t!).Dispose(), timer);
    }

    /// <summary>
    /// Attaches a new socket to the session of <paramref name="hub"/> holding <paramref name="resumeToken"/>, replaying
    /// every frame after <paramref name="lastReceived"/>. <paramref name="preamble"/> builds the dialect's handshake answer
    /// (given the connection and its new resume token), written before the replay. On success the token is rotated.
    /// A session of another user than <paramref name="userId"/> is refused (<see cref="SessionUsers.MayResume"/>).
    /// </summary>
    public ResumeOutcome TryResume(string hub, string resumeToken, long lastReceived, IFrameTransport transport, out RelayConnection? connection,
        Func<RelayConnection, string, OutboundFrame>? preamble = null, string? userId = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        connection = null;
        if (!_byResumeToken.TryGetValue(resumeToken, out var found) || found.State is ConnectionState.Closed or ConnectionState.Moved || found.Hub != hub)
        {
            return ResumeOutcome.Closed;
        }
        if (!SessionUsers.MayResume(found.UserId, userId)) return ResumeOutcome.OtherUser;
        var newToken = found.Journal is null ? NewToken() : SharedToken(found.Id);
        var outcome = ResumeLocal(found, resumeToken, newToken, lastReceived, transport, preamble);
        // No await here: the store learns the rotated token in the background (resume through TryResumeAsync to wait).
        if (outcome == ResumeOutcome.Resumed && found.Journal is { } journal) _ = journal.RotateAsync(HashToken(newToken), CancellationToken.None);
        if (outcome == ResumeOutcome.Resumed) connection = found;
        return outcome;
    }

    private ResumeOutcome ResumeLocal(RelayConnection found, string resumeToken, string newToken, long lastReceived, IFrameTransport transport,
        Func<RelayConnection, string, OutboundFrame>? preamble)
    {
        var first = preamble?.Invoke(found, newToken);
        IFrameTransport? old;
        lock (found.Transitions)
        {
            // A token resumes once: a second resume with it (a duplicated client) finds it rotated already.
            if (found.State is ConnectionState.Closed or ConnectionState.Moved || found.ResumeToken != resumeToken) return ResumeOutcome.Closed;
            // The client may notice a dead socket before the server does: the old one is dropped in favour of the new.
            old = found.SwapTransport(transport);
            var outcome = found.Outbox.Attach(transport, lastReceived, first);
            if (outcome != ResumeOutcome.Resumed)
            {
                found.SwapTransport(old);
                return outcome;
            }
            found.SetState(ConnectionState.Connected);
            // Rotated under the lock: a close after it removes the new token, a close before it left nothing to rotate.
            _byResumeToken.TryRemove(resumeToken, out _);
            found.ResumeToken = newToken;
            _byResumeToken[newToken] = found;
        }
        old?.Abort();
        return ResumeOutcome.Resumed;
    }

    /// <summary>Resumes by token alone, for dialects that located (and checked) the connection themselves.</summary>
    public ResumeOutcome TryResume(string resumeToken, long lastReceived, IFrameTransport transport, out RelayConnection? connection) =>
        _byResumeToken.TryGetValue(resumeToken, out var found)
            ? TryResume(found.Hub, resumeToken, lastReceived, transport, out connection)
            : Fail(out connection);

    private static ResumeOutcome Fail(out RelayConnection? connection)
    {
        connection = null;
        return ResumeOutcome.Closed;
    }

    /// <summary>Closes a local connection for good: its socket, its groups, its buffered output.</summary>
    public void Close(RelayConnection connection, string reason, int code = CloseCodes.Normal) => CloseCore(connection, reason, code, onlyIfSuspended: false);

    /// <summary>
    /// <see cref="Close(RelayConnection, string, int)"/>; with <paramref name="onlyIfSuspended"/>, only a session still
    /// waiting for its resume (decided under the lock: the resume window's timer must not close a session resumed just now).
    /// </summary>
    private void CloseCore(RelayConnection connection, string reason, int code, bool onlyIfSuspended)
    {
        ArgumentNullException.ThrowIfNull(connection);
        IFrameTransport? transport;
        ConnectionState was;
        lock (connection.Transitions)
        {
            was = connection.State;
            if (was == ConnectionState.Closed) return;
            if (onlyIfSuspended && (was != ConnectionState.Suspended || connection.Transport is not null)) return;
            // Closed under the lock: a resume that comes after it finds the session closed rather than attaching a
            // socket nobody will ever close.
            connection.SetState(ConnectionState.Closed);
            transport = was == ConnectionState.Moved ? null : connection.SwapTransport(null);
        }
        if (was == ConnectionState.Moved)
        {
            // Its socket, groups and topics were given up when it moved; the session itself lives on elsewhere.
            connection.MarkClosed();
            connection.Outbox.Close();
            return;
        }
        // A replica going away (1001) leaves its sessions in the store: their clients resume on another replica.
        if (connection.Journal is { Fenced: false } journal && code != CloseCodes.GoingAway) journal.Remove();
        connection.MarkClosed();
        connection.TransportClosed = transport is null ? Task.CompletedTask : CloseTransportAsync(connection, transport, code, reason);
        if (transport is null) connection.Outbox.Close();
        foreach (var group in Hub(connection.Hub).Remove(connection)) _subscriptions.Release(BackplaneTopic.Group(connection.Hub, group));
        foreach (var topic in OwnTopics(connection)) _subscriptions.Release(topic);
        if (connection.ResumeToken is { } token) _byResumeToken.TryRemove(token, out _);
        ConnectionClosed?.Invoke(connection, reason);
    }

    public ValueTask SendToConnectionAsync(string hub, string connectionId, RelayMessage message, CancellationToken cancellationToken = default) =>
        Hub(hub).TryGet(connectionId, out var local)
            ? Deliver(local, message)
            : PublishAsync(BackplaneTopic.Connection(hub, connectionId), new(BackplaneOperation.SendToConnection, hub, connectionId, Message: message), cancellationToken);

    public ValueTask SendToGroupAsync(string hub, string group, RelayMessage message, IReadOnlyList<string>? excluded = null,
        CancellationToken cancellationToken = default) =>
        PublishAsync(BackplaneTopic.Group(hub, group), new(BackplaneOperation.SendToGroup, hub, group, Message: message, Excluded: excluded), cancellationToken);

    public ValueTask SendToUserAsync(string hub, string user, RelayMessage message, CancellationToken cancellationToken = default) =>
        PublishAsync(BackplaneTopic.User(hub, user), new(BackplaneOperation.SendToUser, hub, user, Message: message), cancellationToken);

    public ValueTask SendToAllAsync(string hub, RelayMessage message, IReadOnlyList<string>? excluded = null,
        CancellationToken cancellationToken = default) =>
        PublishAsync(BackplaneTopic.All(hub), new(BackplaneOperation.SendToAll, hub, Message: message, Excluded: excluded), cancellationToken);

    /// <summary>
    /// Adds a connection to a group. Returns once the join took effect: on this replica at once, on another once the
    /// replica holding the connection acknowledged it (a send to the group after this returns reaches the connection).
    /// False when no replica holds the connection.
    /// </summary>
    public async ValueTask<bool> AddToGroupAsync(string hub, string connectionId, string group, CancellationToken cancellationToken = default)
    {
        if (Hub(hub).TryGet(connectionId, out var local))
        {
            await JoinAsync(local, group, cancellationToken).ConfigureAwait(false);
            return true;
        }
        var applied = await _backplane.PublishAcknowledgedAsync(BackplaneTopic.Connection(hub, connectionId),
            new(BackplaneOperation.AddToGroup, hub, connectionId, group), cancellationToken).ConfigureAwait(false);
        return applied > 0;
    }

    public ValueTask RemoveFromGroupAsync(string hub, string connectionId, string group, CancellationToken cancellationToken = default)
    {
        if (!Hub(hub).TryGet(connectionId, out var local))
        {
            return AcknowledgedAsync(BackplaneTopic.Connection(hub, connectionId), new(BackplaneOperation.RemoveFromGroup, hub, connectionId, group), cancellationToken);
        }
        Leave(local, group);
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveFromAllGroupsAsync(string hub, string connectionId, CancellationToken cancellationToken = default)
    {
        if (!Hub(hub).TryGet(connectionId, out var local))
        {
            return AcknowledgedAsync(BackplaneTopic.Connection(hub, connectionId), new(BackplaneOperation.RemoveConnectionFromAllGroups, hub, connectionId), cancellationToken);
        }
        foreach (var g in local.Groups.ToArray()) Leave(local, g);
        return ValueTask.CompletedTask;
    }

    /// <summary>Adds the user's current connections, on every replica, to a group; returns once every replica applied it.</summary>
    public ValueTask AddUserToGroupAsync(string hub, string user, string group, CancellationToken cancellationToken = default) =>
        AcknowledgedAsync(BackplaneTopic.User(hub, user), new(BackplaneOperation.AddUserToGroup, hub, user, group), cancellationToken);

    public ValueTask RemoveUserFromGroupAsync(string hub, string user, string group, CancellationToken cancellationToken = default) =>
        AcknowledgedAsync(BackplaneTopic.User(hub, user), new(BackplaneOperation.RemoveUserFromGroup, hub, user, group), cancellationToken);

    public ValueTask CloseConnectionAsync(string hub, string connectionId, string reason, CancellationToken cancellationToken = default)
    {
        if (!Hub(hub).TryGet(connectionId, out var local))
        {
            return AcknowledgedAsync(BackplaneTopic.Connection(hub, connectionId), new(BackplaneOperation.CloseConnection, hub, connectionId, Reason: reason), cancellationToken);
        }
        Close(local, reason);
        return ValueTask.CompletedTask;
    }

    private async ValueTask PublishAsync(BackplaneTopic topic, BackplaneMessage message, CancellationToken cancellationToken) =>
        await _backplane.PublishAsync(topic, message, cancellationToken).ConfigureAwait(false);

    private async ValueTask AcknowledgedAsync(BackplaneTopic topic, BackplaneMessage message, CancellationToken cancellationToken) =>
        await _backplane.PublishAcknowledgedAsync(topic, message, cancellationToken).ConfigureAwait(false);

    private async Task SubscribeAsync(RelayConnection connection)
    {
        var topics = OwnTopics(connection);
        var pending = new Task[topics.Length];
        for (var i = 0; i < topics.Length; i++) pending[i] = _subscriptions.AcquireAsync(topics[i]);
        try
        {
            await Task.WhenAll(pending).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Unreachable from other replicas is not half-open: the client reconnects, perhaps to a healthy replica.
            LogUnreachable(_logger, connection.Hub, ex);
            Close(connection, "backplane unavailable", CloseCodes.TryAgainLater);
            throw;
        }
    }

    /// <summary>The topics a connection holds for its whole life: its own, its hub's, its user's.</summary>
    private static BackplaneTopic[] OwnTopics(RelayConnection connection) => connection.UserId is { } user
        ? [BackplaneTopic.Connection(connection.Hub, connection.Id), BackplaneTopic.All(connection.Hub), BackplaneTopic.User(connection.Hub, user)]
        : [BackplaneTopic.Connection(connection.Hub, connection.Id), BackplaneTopic.All(connection.Hub)];

    /// <summary>Joins locally; the first local member of a group subscribes to the group's topic before this returns.</summary>
    private async Task JoinAsync(RelayConnection connection, string group, CancellationToken cancellationToken)
    {
        var hub = Hub(connection.Hub);
        if (!hub.Join(connection, group)) return;
        connection.Journal?.Group(group, joined: true);
        var topic = BackplaneTopic.Group(connection.Hub, group);
        try
        {
            await _subscriptions.AcquireAsync(topic, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The backplane refused (Redis away): undo the membership, so the client's retry joins and subscribes again
            // instead of finding itself a member of a group whose topic nobody subscribed.
            if (hub.Leave(connection, group))
            {
                connection.Journal?.Group(group, joined: false);
                _subscriptions.Release(topic);
            }
            throw;
        }
        finally
        {
            // A close that raced the join has already released its groups: this one would be held forever.
            if (connection.State == ConnectionState.Closed && hub.Leave(connection, group)) _subscriptions.Release(topic);
        }
    }

    private void Leave(RelayConnection connection, string group)
    {
        if (!Hub(connection.Hub).Leave(connection, group)) return;
        connection.Journal?.Group(group, joined: false);
        _subscriptions.Release(BackplaneTopic.Group(connection.Hub, group));
    }

    private static async Task CloseTransportAsync(RelayConnection connection, IFrameTransport transport, int code, string reason)
    {
        // What was queued before the close (typically the ERROR that explains it) goes out first.
        await connection.Outbox.DrainAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        connection.Outbox.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await transport.CloseAsync(code, reason, cts.Token).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A connection of hub {Hub} was closed: its backplane subscriptions failed")]
    private static partial void LogUnreachable(ILogger logger, string hub, Exception ex);

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    private static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(24));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
