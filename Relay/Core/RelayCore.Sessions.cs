using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AgentPlatform.Relay.Core.Backplane;
using AgentPlatform.Relay.Core.Sessions;
using AgentPlatform.Server.Delivery;
using AgentPlatform.Server.Transport;
using StackExchange.Redis;

namespace AgentPlatform.Relay.Core;

/// <summary>
/// Reliable sessions across replicas (docs/operations/scale-out.md, "Sessions across replicas"): with a shared store a
/// session's replay state is written as it is sent, a replica handed a resume token it does not hold takes the session
/// over (a new owner epoch fences the old owner out), and the old owner, told over the backplane, gives up its socket
/// and forwards what it still produces to the connection id, where the new owner numbers it.
/// </summary>
public sealed partial class RelayCore
{
    /// <summary>Data type of a binary frame forwarded by a session's previous owner (re-numbered by the new one).</summary>
    public const string ForwardedBinaryType = "relay.forwarded.binary";

    /// <summary>Data type of a text frame forwarded by a session's previous owner.</summary>
    public const string ForwardedTextType = "relay.forwarded.text";

    /// <summary>True when reliable sessions can be resumed on any replica (a shared store is configured).</summary>
    public bool SessionsShared => _store.IsShared;

    /// <summary>
    /// Attaches a new socket to the session holding <paramref name="resumeToken"/>, wherever it was: held here, it
    /// resumes as <see cref="TryResume(string, string, long, IFrameTransport, out RelayConnection?, Func{RelayConnection, string, OutboundFrame}?, string?)"/>
    /// does (the rotated token is stored first); held by another replica (or by one that died), it is taken over from the
    /// shared store. <paramref name="adopt"/> gives a taken-over connection its dialect state (false refuses it), before
    /// <paramref name="preamble"/> builds the handshake answer.
    /// </summary>
    public async Task<(ResumeOutcome Outcome, RelayConnection? Connection)> TryResumeAsync(string hub, string resumeToken, long lastReceived,
        string? userId, IFrameTransport transport, IRelayDialect dialect, Func<RelayConnection, bool>? adopt,
        Func<RelayConnection, string, OutboundFrame>? preamble, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(dialect);
        if (_byResumeToken.TryGetValue(resumeToken, out var found) && found.State is not (ConnectionState.Closed or ConnectionState.Moved))
        {
            if (found.Hub != hub) return (ResumeOutcome.Closed, null);
            // Refused before the token rotates: a stolen resume token with someone else's credential changes nothing.
            if (!SessionUsers.MayResume(found.UserId, userId)) return (ResumeOutcome.OtherUser, null);
            if (found.Journal is not { } journal)
            {
                var local = TryResume(hub, resumeToken, lastReceived, transport, out var resumed, preamble);
                return (local, resumed);
            }
            var newToken = SharedToken(found.Id);
            // Stored before the client can see it: a resume with the new token may come to any replica at once.
            if (!await journal.RotateAsync(HashToken(newToken), cancellationToken).ConfigureAwait(false)) return (ResumeOutcome.Closed, null);
            var outcome = ResumeLocal(found, resumeToken, newToken, lastReceived, transport, preamble);
            return (outcome, outcome == ResumeOutcome.Resumed ? found : null);
        }
        if (!_store.IsShared || !TryConnectionIdOf(resumeToken, out var id)) return (ResumeOutcome.Closed, null);
        // A copy still held here under another token moved away meanwhile (its announcement may not have arrived yet):
        // the store decides, by the token, and the stale copy hands over to the new one below.
        Hub(hub).TryGet(id, out var stale);
        if (stale is not null && (stale.Journal is null || !ReferenceEquals(stale.Dialect, dialect))) return (ResumeOutcome.Closed, null);
        return await TakeOverAsync(hub, id, resumeToken, lastReceived, userId, transport, dialect, adopt, preamble, stale, cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<(ResumeOutcome, RelayConnection?)> TakeOverAsync(string hub, string id, string resumeToken, long lastReceived,
        string? userId, IFrameTransport transport, IRelayDialect dialect, Func<RelayConnection, bool>? adopt,
        Func<RelayConnection, string, OutboundFrame>? preamble, RelayConnection? stale, CancellationToken cancellationToken)
    {
        var newToken = SharedToken(id);
        var (outcome, taken) = await _store.TakeOverAsync(id, hub, dialect.Name, HashToken(resumeToken), HashToken(newToken), lastReceived,
            userId, cancellationToken).ConfigureAwait(false);
        if (outcome != ResumeOutcome.Resumed || taken is null) return (outcome, null);
        // Out of the hub before the new copy goes in (the hub is keyed by id); its topics are released once the new copy holds them.
        var staleGroups = stale is null ? null : await BeginRelinquishAsync(stale).ConfigureAwait(false);
        var record = taken.Record;
        var connection = new RelayConnection(id, new ConnectionRegistration
        {
            Hub = hub,
            Dialect = dialect,
            UserId = record.UserId,
            Roles = record.Roles,
            Reliable = true,
            ConnectionId = id,
            SessionId = record.SessionId,
        }, new ConnectionOutbox(true, Options.Outbox), _time.GetUtcNow())
        {
            RestoredInbound = taken.Inbound,
        };
        var journal = _store.Adopt(record, taken.Epoch, () => connection.InboundPosition?.Invoke() ?? connection.RestoredInbound,
            () => OnFenced(connection));
        journal.Bind(connection.Outbox);
        connection.Journal = journal;
        connection.Outbox.Restore(taken.LastSequence, lastReceived, taken.Frames);
        connection.Outbox.UseJournal(journal);
        connection.ResumeToken = newToken;
        if (adopt is not null && !adopt(connection))
        {
            journal.Remove();
            connection.MarkClosed();
            if (stale is not null && staleGroups is not null) EndRelinquish(stale, staleGroups);
            return (ResumeOutcome.Closed, null);
        }
        _byResumeToken[newToken] = connection;
        Hub(hub).Add(connection);
        try
        {
            // Subscribed before the old owner is told: what it forwards from then on reaches this replica.
            await SubscribeAsync(connection).ConfigureAwait(false);
            // Not cancelled from here on: the takeover script has committed (the token is rotated), so a client that
            // gave up must find its session closed, not half-built and kept alive in Redis.
            foreach (var group in taken.Groups) await JoinAsync(connection, group, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            Close(connection, "backplane unavailable", Protocol.CloseCodes.TryAgainLater);
            return (ResumeOutcome.Closed, null);
        }
        finally
        {
            // What the stale copy still produces goes to the connection id: the new copy, here.
            if (stale is not null && staleGroups is not null) EndRelinquish(stale, staleGroups);
        }
        // The previous owner, told first, records the client frames it processed last; then the answer says where
        // the client resumes sending (a frame processed there is not processed again here).
        await AnnounceMovedAsync(connection, taken.Epoch).ConfigureAwait(false);
        var inbound = stale is null ? 0 : Inbound(stale);
        try
        {
            inbound = Math.Max(inbound, await _store.ReadInboundAsync(id).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogAnnounceFailed(_logger, hub, ex);
        }
        connection.RestoredInbound = Math.Max(connection.RestoredInbound, inbound);
        var first = preamble?.Invoke(connection, newToken);
        connection.SwapTransport(transport);
        var attached = connection.Outbox.Attach(transport, lastReceived, first);
        connection.SetState(ConnectionState.Connected);
        ConnectionOpened?.Invoke(connection);
        LogTakenOver(_logger, hub, id, taken.Epoch, taken.Frames.Count);
        return (attached, connection);
    }

    private async Task AnnounceMovedAsync(RelayConnection connection, long epoch)
    {
        try
        {
            await _backplane.PublishAcknowledgedAsync(BackplaneTopic.Connection(connection.Hub, connection.Id),
                new BackplaneMessage(BackplaneOperation.SessionMoved, connection.Hub, connection.Id,
                    Reason: epoch.ToString(CultureInfo.InvariantCulture)) { Replica = _backplane.ReplicaId }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The old owner may be dead or slow: its own next write is refused (fenced) and it gives the session up then.
            LogAnnounceFailed(_logger, connection.Hub, ex);
        }
    }

    /// <summary>A write of this replica was refused: another one owns the session. Its announcement normally follows at once.</summary>
    private void OnFenced(RelayConnection connection)
    {
        // Frames not yet durable stay unwritten; they are forwarded once the new owner is known to listen (SessionMoved).
        // Should the announcement never come (the new owner died in between), the session is given up anyway.
        _ = Task.Delay(TimeSpan.FromSeconds(10), _time).ContinueWith(static (_, s) =>
        {
            var (core, conn) = ((RelayCore, RelayConnection))s!;
            return core.RelinquishAsync(conn);
        }, (this, connection), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>Applies a <see cref="BackplaneOperation.SessionMoved"/>: the session moved on when its epoch is newer than ours.</summary>
    private async ValueTask OnSessionMovedAsync(RelayHub hub, BackplaneMessage operation)
    {
        if (operation.Target is not { } id || !hub.TryGet(id, out var held) || held.Journal is not { } journal) return;
        if (!long.TryParse(operation.Reason, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) || epoch <= journal.Epoch) return;
        if (await BeginRelinquishAsync(held).ConfigureAwait(false) is not { } groups) return;
        try
        {
            await _store.RecordInboundAsync(id, epoch, Inbound(held)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogAnnounceFailed(_logger, held.Hub, ex);
        }
        EndRelinquish(held, groups);
    }

    private static long Inbound(RelayConnection connection) => connection.InboundPosition?.Invoke() ?? connection.RestoredInbound;

    /// <summary>
    /// Gives a session up to the replica that took it over: stops writing to the store, forwards (in order) the frames
    /// it holds that the store does not and everything produced here later, drops the old socket and the topics.
    /// The connection lingers (<see cref="ConnectionState.Moved"/>) so that invocations running here can finish.
    /// </summary>
    private async Task RelinquishAsync(RelayConnection connection)
    {
        if (await BeginRelinquishAsync(connection).ConfigureAwait(false) is { } groups) EndRelinquish(connection, groups);
    }

    /// <summary>Stops the store writes and the socket, and takes the copy out of the hub; null when it moved already.</summary>
    private async Task<List<string>?> BeginRelinquishAsync(RelayConnection connection)
    {
        IFrameTransport? socket;
        lock (connection.Transitions)
        {
            // With the socket taken under the lock: a late loss of it must not turn the moved copy back into a suspended one.
            if (!connection.TryMarkMoved()) return null;
            socket = connection.SwapTransport(null);
        }
        await connection.Journal!.StopAsync().ConfigureAwait(false);
        socket?.Abort();
        if (connection.ResumeToken is { } token) _byResumeToken.TryRemove(new KeyValuePair<string, RelayConnection>(token, connection));
        return Hub(connection.Hub).Remove(connection);
    }

    /// <summary>Starts forwarding, releases the copy's topics, and lets it linger for what still runs here.</summary>
    private void EndRelinquish(RelayConnection connection, List<string> groups)
    {
        var forwarder = new SessionForwarder(this, connection.Hub, connection.Id, connection.Closed);
        connection.Outbox.Redirect(forwarder.Post);
        foreach (var group in groups) _subscriptions.Release(BackplaneTopic.Group(connection.Hub, group));
        foreach (var topic in OwnTopics(connection)) _subscriptions.Release(topic);
        LogRelinquished(_logger, connection.Hub, connection.Id);
        var timer = _time.CreateTimer(static s =>
        {
            var (core, conn) = ((RelayCore, RelayConnection))s!;
            core.Close(conn, "moved to another replica");
        }, (this, connection), Options.MovedLinger, Timeout.InfiniteTimeSpan);
        connection.Closed.Register(static t => ((ITimer)t!).Dispose(), timer);
    }

    /// <summary>A frame the previous owner forwarded: numbered and journaled here like any other tracked frame.</summary>
    private void DeliverForwarded(RelayConnection connection, in RelayMessage message)
    {
        var type = message.DataType == ForwardedTextType ? FrameType.Text : FrameType.Binary;
        var ok = connection.Outbox.TrySend((connection, message.Data, type),
            static (seq, s) => s.connection.Dialect.Resequence(s.connection, new OutboundFrame(s.Data, s.type), seq), tracked: true, out _);
        if (!ok && connection.State != ConnectionState.Closed) Close(connection, "outbound buffer full", Protocol.CloseCodes.PolicyViolation);
    }

    /// <summary>Starts a new session's record in the shared store (ordered before any write of its journal).</summary>
    private Task Journal(RelayConnection connection)
    {
        var record = new SessionRecord(connection.Id, connection.Hub, connection.Dialect.Name, connection.SessionId, connection.UserId, connection.Roles);
        var (journal, created) = _store.Create(record, HashToken(connection.ResumeToken!),
            () => connection.InboundPosition?.Invoke() ?? connection.RestoredInbound, () => OnFenced(connection));
        journal.Bind(connection.Outbox);
        connection.Outbox.UseJournal(journal);
        connection.Journal = journal;
        return created;
    }

    private async Task ReachableAsync(RelayConnection connection, Task stored)
    {
        try
        {
            await stored.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogUnreachable(_logger, connection.Hub, ex);
            Close(connection, "session store unavailable", Protocol.CloseCodes.TryAgainLater);
            throw;
        }
        await SubscribeAsync(connection).ConfigureAwait(false);
    }

    /// <summary>A resume token other replicas can route: the connection id, a dot, then the secret part.</summary>
    private static string SharedToken(string connectionId) => connectionId + "." + NewToken();

    private static bool TryConnectionIdOf(string token, out string id)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        id = dot > 0 ? token[..dot] : "";
        return dot > 0 && dot < 128 && dot < token.Length - 1;
    }

    /// <summary>The store keeps a hash of the token, never the token.</summary>
    private static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Took over reliable session {ConnectionId} of hub {Hub} at epoch {Epoch}, replaying {Frames} stored frames")]
    private static partial void LogTakenOver(ILogger logger, string hub, string connectionId, long epoch, int frames);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reliable session {ConnectionId} of hub {Hub} moved to another replica; its output here is forwarded")]
    private static partial void LogRelinquished(ILogger logger, string hub, string connectionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Announcing a session takeover on hub {Hub} failed")]
    private static partial void LogAnnounceFailed(ILogger logger, string hub, Exception ex);
}
