using AgentPlatform.Protocol;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using AgentPlatform.Relay.Core.Backplane;
using AgentPlatform.Server.Delivery;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Relay.Core;

/// <summary>
/// The one relay model every dialect sits on: hubs of connections, groups and users; sends to a connection,
/// group, user or hub; join/leave; close; reliable sessions that survive a dropped socket. Operations that may
/// concern connections on other replicas go through the backplane; each replica applies them locally.
/// </summary>
public sealed class RelayCore
{
    private readonly ConcurrentDictionary<string, RelayHub> _hubs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RelayConnection> _byResumeToken = new(StringComparer.Ordinal);
    private readonly IRelayBackplane _backplane;
    private readonly TimeProvider _time;

    public RelayCore(IRelayBackplane backplane, RelayCoreOptions options, TimeProvider time)
    {
        _backplane = backplane;
        Options = options;
        _time = time;
    }

    public RelayCoreOptions Options { get; }

    /// <summary>Raised after a connection was opened (not on resume).</summary>
    public event Action<RelayConnection>? ConnectionOpened;

    /// <summary>Raised once when a connection is closed for good.</summary>
    public event Action<RelayConnection, string>? ConnectionClosed;

    public IEnumerable<RelayHub> Hubs => _hubs.Values;

    public RelayHub Hub(string name) => _hubs.GetOrAdd(name, n => new RelayHub(n));

    /// <summary>Starts receiving backplane operations.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => _backplane.StartAsync(ApplyAsync, cancellationToken);

    /// <summary>Registers a new connection and starts writing to its transport.</summary>
    public RelayConnection Open(ConnectionRegistration registration, IFrameTransport transport)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var id = registration.ConnectionId ?? NewId();
        var connection = new RelayConnection(id, registration,
            new ConnectionOutbox(registration.Reliable, Options.Outbox), _time.GetUtcNow());
        if (registration.Reliable)
        {
            connection.ResumeToken = NewToken();
            _byResumeToken[connection.ResumeToken] = connection;
        }
        connection.SwapTransport(transport);
        connection.Outbox.Attach(transport);
        Hub(registration.Hub).Add(connection);
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
        // A resume may already have attached a newer socket: losing the old one then changes nothing.
        if (!ReferenceEquals(connection.Transport, transport) || connection.State == ConnectionState.Closed) return;
        if (!connection.Outbox.Reliable)
        {
            Close(connection, "transport closed");
            return;
        }
        connection.SwapTransport(null);
        connection.Outbox.Detach();
        connection.SetState(ConnectionState.Suspended);
        var timer = _time.CreateTimer(static s =>
        {
            var (core, conn) = ((RelayCore, RelayConnection))s!;
            if (conn.State == ConnectionState.Suspended && conn.Transport is null) core.Close(conn, "resume window expired");
        }, (this, connection), Options.ResumeWindow, Timeout.InfiniteTimeSpan);
        connection.Closed.Register(static t => ((ITimer)t!).Dispose(), timer);
    }

    /// <summary>
    /// Attaches a new socket to the session of <paramref name="hub"/> holding <paramref name="resumeToken"/>, replaying
    /// every frame after <paramref name="lastReceived"/>. <paramref name="preamble"/> builds the dialect's handshake answer
    /// (given the connection and its new resume token), written before the replay. On success the token is rotated.
    /// </summary>
    public ResumeOutcome TryResume(string hub, string resumeToken, long lastReceived, IFrameTransport transport, out RelayConnection? connection,
        Func<RelayConnection, string, OutboundFrame>? preamble = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        connection = null;
        if (!_byResumeToken.TryGetValue(resumeToken, out var found) || found.State == ConnectionState.Closed || found.Hub != hub)
        {
            return ResumeOutcome.Closed;
        }
        var newToken = NewToken();
        var first = preamble?.Invoke(found, newToken);
        // The client may notice a dead socket before the server does: the old one is dropped in favour of the new.
        var old = found.SwapTransport(transport);
        var outcome = found.Outbox.Attach(transport, lastReceived, first);
        if (outcome != ResumeOutcome.Resumed)
        {
            found.SwapTransport(old);
            return outcome;
        }
        old?.Abort();
        _byResumeToken.TryRemove(resumeToken, out _);
        found.ResumeToken = newToken;
        _byResumeToken[newToken] = found;
        found.SetState(ConnectionState.Connected);
        connection = found;
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
    public void Close(RelayConnection connection, string reason, int code = CloseCodes.Normal)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.State == ConnectionState.Closed) return;
        var transport = connection.SwapTransport(null);
        connection.MarkClosed();
        connection.TransportClosed = transport is null ? Task.CompletedTask : CloseTransportAsync(connection, transport, code, reason);
        if (transport is null) connection.Outbox.Close();
        Hub(connection.Hub).Remove(connection);
        if (connection.ResumeToken is { } token) _byResumeToken.TryRemove(token, out _);
        ConnectionClosed?.Invoke(connection, reason);
    }

    public ValueTask SendToConnectionAsync(string hub, string connectionId, RelayMessage message, CancellationToken cancellationToken = default) =>
        Hub(hub).TryGet(connectionId, out var local)
            ? Deliver(local, message)
            : _backplane.PublishAsync(new(BackplaneOperation.SendToConnection, hub, connectionId, Message: message), cancellationToken);

    public ValueTask SendToGroupAsync(string hub, string group, RelayMessage message, IReadOnlyList<string>? excluded = null,
        CancellationToken cancellationToken = default) =>
        _backplane.PublishAsync(new(BackplaneOperation.SendToGroup, hub, group, Message: message, Excluded: excluded), cancellationToken);

    public ValueTask SendToUserAsync(string hub, string user, RelayMessage message, CancellationToken cancellationToken = default) =>
        _backplane.PublishAsync(new(BackplaneOperation.SendToUser, hub, user, Message: message), cancellationToken);

    public ValueTask SendToAllAsync(string hub, RelayMessage message, IReadOnlyList<string>? excluded = null,
        CancellationToken cancellationToken = default) =>
        _backplane.PublishAsync(new(BackplaneOperation.SendToAll, hub, Message: message, Excluded: excluded), cancellationToken);

    public ValueTask AddToGroupAsync(string hub, string connectionId, string group, CancellationToken cancellationToken = default) =>
        Hub(hub).TryGet(connectionId, out var local)
            ? Done(Hub(hub).Join(local, group))
            : _backplane.PublishAsync(new(BackplaneOperation.AddToGroup, hub, connectionId, group), cancellationToken);

    public ValueTask RemoveFromGroupAsync(string hub, string connectionId, string group, CancellationToken cancellationToken = default) =>
        Hub(hub).TryGet(connectionId, out var local)
            ? Done(Hub(hub).Leave(local, group))
            : _backplane.PublishAsync(new(BackplaneOperation.RemoveFromGroup, hub, connectionId, group), cancellationToken);

    public ValueTask RemoveFromAllGroupsAsync(string hub, string connectionId, CancellationToken cancellationToken = default) =>
        _backplane.PublishAsync(new(BackplaneOperation.RemoveConnectionFromAllGroups, hub, connectionId), cancellationToken);

    public ValueTask AddUserToGroupAsync(string hub, string user, string group, CancellationToken cancellationToken = default) =>
        _backplane.PublishAsync(new(BackplaneOperation.AddUserToGroup, hub, user, group), cancellationToken);

    public ValueTask RemoveUserFromGroupAsync(string hub, string user, string group, CancellationToken cancellationToken = default) =>
        _backplane.PublishAsync(new(BackplaneOperation.RemoveUserFromGroup, hub, user, group), cancellationToken);

    public ValueTask CloseConnectionAsync(string hub, string connectionId, string reason, CancellationToken cancellationToken = default) =>
        _backplane.PublishAsync(new(BackplaneOperation.CloseConnection, hub, connectionId, Reason: reason), cancellationToken);

    /// <summary>Applies one operation to the connections of this replica (called by the backplane).</summary>
    public ValueTask ApplyAsync(BackplaneMessage operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var hub = Hub(operation.Hub);
        switch (operation.Operation)
        {
            case BackplaneOperation.SendToConnection when operation.Message is { } m && operation.Target is { } cid:
                if (hub.TryGet(cid, out var c)) DeliverNow(c, m);
                break;
            case BackplaneOperation.SendToGroup when operation.Message is { } m && operation.Target is { } g:
                Fanout(hub.GroupMembers(g), m, operation.Excluded);
                break;
            case BackplaneOperation.SendToUser when operation.Message is { } m && operation.Target is { } u:
                Fanout(hub.UserConnections(u), m, operation.Excluded);
                break;
            case BackplaneOperation.SendToAll when operation.Message is { } m:
                Fanout(hub.Connections, m, operation.Excluded);
                break;
            case BackplaneOperation.AddToGroup when operation.Target is { } cid && operation.Group is { } g:
                if (hub.TryGet(cid, out var joiner)) hub.Join(joiner, g);
                break;
            case BackplaneOperation.RemoveFromGroup when operation.Target is { } cid && operation.Group is { } g:
                if (hub.TryGet(cid, out var leaver)) hub.Leave(leaver, g);
                break;
            case BackplaneOperation.RemoveConnectionFromAllGroups when operation.Target is { } cid:
                if (hub.TryGet(cid, out var all))
                {
                    foreach (var g in all.Groups.ToArray()) hub.Leave(all, g);
                }
                break;
            case BackplaneOperation.AddUserToGroup when operation.Target is { } u && operation.Group is { } g:
                foreach (var uc in hub.UserConnections(u).ToArray()) hub.Join(uc, g);
                break;
            case BackplaneOperation.RemoveUserFromGroup when operation.Target is { } u && operation.Group is { } g:
                foreach (var uc in hub.UserConnections(u).ToArray()) hub.Leave(uc, g);
                break;
            case BackplaneOperation.CloseConnection when operation.Target is { } cid:
                if (hub.TryGet(cid, out var closing)) Close(closing, operation.Reason ?? "closed by server");
                break;
        }
        return ValueTask.CompletedTask;
    }

    private void Fanout(IEnumerable<RelayConnection> recipients, RelayMessage message, IReadOnlyList<string>? excluded)
    {
        foreach (var c in recipients.ToArray())
        {
            if (excluded is not null && excluded.Contains(c.Id)) continue;
            DeliverNow(c, message);
        }
    }

    private ValueTask Deliver(RelayConnection connection, RelayMessage message)
    {
        DeliverNow(connection, message);
        return ValueTask.CompletedTask;
    }

    private void DeliverNow(RelayConnection connection, RelayMessage message)
    {
        var dialect = connection.Dialect;
        if (dialect.Intercepts(connection, message) || !dialect.Accepts(connection, message)) return;
        var ok = connection.Outbox.TrySend((connection, message), static (seq, s) => s.connection.Dialect.Encode(s.connection, s.message, seq),
            dialect.TracksRoutedMessages, out _);
        if (!ok && connection.State != ConnectionState.Closed)
        {
            // One slow reader must not hold up a fan-out or grow memory without bound.
            Close(connection, "outbound buffer full", CloseCodes.PolicyViolation);
        }
    }

    private static ValueTask Done(bool _) => ValueTask.CompletedTask;

    private static async Task CloseTransportAsync(RelayConnection connection, IFrameTransport transport, int code, string reason)
    {
        // What was queued before the close (typically the ERROR that explains it) goes out first.
        await connection.Outbox.DrainAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        connection.Outbox.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await transport.CloseAsync(code, reason, cts.Token).ConfigureAwait(false);
    }

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    private static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(24));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
