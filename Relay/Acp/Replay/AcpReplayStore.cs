using System.Collections.Concurrent;
using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Relay.Acp.Replay;

/// <summary>
/// The replay extension's state on this Relay: one <see cref="SessionReplayLog"/> per session of a client that asked
/// for replay. Logs live while their owner is connected and for <c>Acp:Replay:Window</c> after it dropped; a resume
/// must reach the same Relay process (as the core's reliable sessions).
/// </summary>
public sealed class AcpReplayStore(AcpOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SessionReplayLog> _logs = new(StringComparer.Ordinal);

    /// <summary>Sessions with a log (tests, diagnostics).</summary>
    public int Count => _logs.Count;

    public SessionReplayLog? Find(string sessionId) => _logs.TryGetValue(sessionId, out var log) ? log : null;

    /// <summary>Numbers and keeps a session notification sent to <paramref name="to"/>; false when it is neither sent nor kept.</summary>
    public bool Append(IAcpReplayClient to, string sessionId, JsonRpcMessage notification)
    {
        ArgumentNullException.ThrowIfNull(to);
        // Twice at most: a log that died between the lookup and the append is replaced once.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (!_logs.TryGetValue(sessionId, out var log))
            {
                if (to.IsDropped) return false;
                log = _logs.GetOrAdd(sessionId, id => new SessionReplayLog(id, to, options.Replay.MaxMessages));
            }
            switch (log.Append(to, notification))
            {
                case ReplayAppend.Kept:
                    return true;
                case ReplayAppend.Refused:
                    return false;
                default:
                    _logs.TryRemove(new KeyValuePair<string, SessionReplayLog>(sessionId, log));
                    break;
            }
        }
        return false;
    }

    /// <summary>A live client uses <paramref name="sessionId"/>: its log (made now if missing) belongs to it.</summary>
    public void Claim(IAcpReplayClient client, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(client);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var log = _logs.GetOrAdd(sessionId, id => new SessionReplayLog(id, client, options.Replay.MaxMessages));
            if (log.Claim(client)) return;
            _logs.TryRemove(new KeyValuePair<string, SessionReplayLog>(sessionId, log));
        }
    }

    public void Acknowledge(IAcpReplayClient client, string sessionId, long seq)
    {
        if (_logs.TryGetValue(sessionId, out var log)) log.Acknowledge(client, seq);
    }

    /// <summary><paramref name="client"/> dropped: each of its sessions is kept for the replay window, then forgotten.</summary>
    public void Dropped(IAcpReplayClient client)
    {
        foreach (var log in _logs.Values)
        {
            if (ReferenceEquals(log.Owner, client)) log.OwnerDropped(client, time, options.Replay.Window, Forget);
        }
    }

    /// <summary>Starts a resume of <paramref name="sessionId"/> by <paramref name="client"/>; null when unknown, expired or another user's.</summary>
    public SessionReplayLog? BeginResume(IAcpReplayClient client, string sessionId) =>
        _logs.TryGetValue(sessionId, out var log) && log.BeginResume(client) ? log : null;

    /// <summary>Drops a log for good (expired, or the agent no longer knows the session).</summary>
    public void Forget(SessionReplayLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        log.Kill();
        _logs.TryRemove(new KeyValuePair<string, SessionReplayLog>(log.SessionId, log));
    }
}
