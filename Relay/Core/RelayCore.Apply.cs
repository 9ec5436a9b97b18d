using AgentPlatform.Protocol;
using AgentPlatform.Relay.Core.Backplane;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Relay.Core;

/// <summary>The receiving side of the core: operations from the backplane applied to this replica's connections.</summary>
public sealed partial class RelayCore
{
    /// <summary>Applies one operation to the connections of this replica (called by the backplane).</summary>
    public async ValueTask ApplyAsync(BackplaneMessage operation)
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
                if (hub.TryGet(cid, out var joiner)) await JoinAsync(joiner, g, CancellationToken.None).ConfigureAwait(false);
                break;
            case BackplaneOperation.RemoveFromGroup when operation.Target is { } cid && operation.Group is { } g:
                if (hub.TryGet(cid, out var leaver)) Leave(leaver, g);
                break;
            case BackplaneOperation.RemoveConnectionFromAllGroups when operation.Target is { } cid:
                if (hub.TryGet(cid, out var all))
                {
                    foreach (var g in all.Groups.ToArray()) Leave(all, g);
                }
                break;
            case BackplaneOperation.AddUserToGroup when operation.Target is { } u && operation.Group is { } g:
                foreach (var uc in hub.UserConnections(u).ToArray()) await JoinAsync(uc, g, CancellationToken.None).ConfigureAwait(false);
                break;
            case BackplaneOperation.RemoveUserFromGroup when operation.Target is { } u && operation.Group is { } g:
                foreach (var uc in hub.UserConnections(u).ToArray()) Leave(uc, g);
                break;
            case BackplaneOperation.SessionMoved:
                await OnSessionMovedAsync(hub, operation).ConfigureAwait(false);
                break;
            case BackplaneOperation.CloseConnection when operation.Target is { } cid:
                if (hub.TryGet(cid, out var closing)) Close(closing, operation.Reason ?? "closed by server");
                break;
        }
    }

    private void Fanout(IEnumerable<RelayConnection> recipients, RelayMessage message, IReadOnlyList<string>? excluded)
    {
        // One encoding per (dialect, shared key) for untracked frames: a group of N plain connections costs one Encode.
        Dictionary<(IRelayDialect, object), OutboundFrame>? shared = null;
        foreach (var c in recipients.ToArray())
        {
            if (excluded is not null && excluded.Contains(c.Id)) continue;
            var dialect = c.Dialect;
            if (dialect.SharedEncodingKey(c, message) is { } key)
            {
                shared ??= [];
                DeliverNow(c, message, (shared, (dialect, key)));
            }
            else
            {
                DeliverNow(c, message);
            }
        }
    }

    private ValueTask Deliver(RelayConnection connection, RelayMessage message)
    {
        DeliverNow(connection, message);
        return ValueTask.CompletedTask;
    }

    private void DeliverNow(RelayConnection connection, RelayMessage message,
        (Dictionary<(IRelayDialect, object), OutboundFrame> Frames, (IRelayDialect, object) Key)? shared = null)
    {
        if (message.DataType is ForwardedBinaryType or ForwardedTextType)
        {
            DeliverForwarded(connection, message);
            return;
        }
        var dialect = connection.Dialect;
        if (dialect.Intercepts(connection, message) || !dialect.Accepts(connection, message)) return;
        var ok = connection.Outbox.TrySend((connection, message, shared), static (seq, s) =>
            {
                // Only untracked frames (sequence 0) are the same bytes for every connection.
                if (seq != 0 || s.shared is not { } cache) return s.connection.Dialect.Encode(s.connection, s.message, seq);
                if (!cache.Frames.TryGetValue(cache.Key, out var frame))
                {
                    frame = s.connection.Dialect.Encode(s.connection, s.message, 0);
                    cache.Frames[cache.Key] = frame;
                }
                return frame;
            },
            dialect.TracksRoutedMessages, out _);
        if (!ok && connection.State != ConnectionState.Closed)
        {
            // One slow reader must not hold up a fan-out or grow memory without bound.
            Close(connection, "outbound buffer full", CloseCodes.PolicyViolation);
        }
    }
}
