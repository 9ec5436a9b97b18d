using System.Collections.Concurrent;
using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Relay.Acp.Replay;

/// <summary>
/// The replay extension's state on this Relay: one <see cref="SessionReplayLog"/> per session of a client that asked
/// for replay, keyed by the attachment's session scope (agent and instance) and the session id, so that two agents (or
/// a restarted stdio agent) handing out the same id never share a log. Logs are only created from what the agent sent
/// (a session notification, or the result of session/new, session/load or session/fork), never from what a client
/// claims. Logs live while their owner is connected and for <c>Acp:Replay:Window</c> after it dropped; a resume
/// must reach the same Relay process (as the core's reliable sessions).
/// </summary>
public sealed class AcpReplayStore(AcpOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SessionReplayLog> _logs = new(StringComparer.Ordinal);

    /// <summary>Sessions with a log (tests, diagnostics).</summary>
    public int Count => _logs.Count;

    /// <summary>Every log (tests, diagnostics).</summary>
    public IReadOnlyCollection<SessionReplayLog> Logs => [.. _logs.Values];

    /// <summary>The log of <paramref name="sessionId"/> in <paramref name="scope"/>, if any.</summary>
    public SessionReplayLog? Find(string scope, string sessionId) => _logs.TryGetValue(Key(scope, sessionId), out var log) ? log : null;

    /// <summary>Numbers and keeps a session notification sent to <paramref name="to"/>; false when it is neither sent nor kept.</summary>
    public bool Append(IAcpReplayClient to, string sessionId, JsonRpcMessage notification)
    {
        ArgumentNullException.ThrowIfNull(to);
        var key = Key(to.SessionScope, sessionId);
        // Twice at most: a log that died between the lookup and the append is replaced once.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (!_logs.TryGetValue(key, out var log))
            {
                if (to.IsDropped) return false;
                log = _logs.GetOrAdd(key, _ => NewLog(to, sessionId));
            }
            switch (log.Append(to, notification))
            {
                case ReplayAppend.Kept:
                    return true;
                case ReplayAppend.Refused:
                    return false;
                default:
                    _logs.TryRemove(new KeyValuePair<string, SessionReplayLog>(key, log));
                    break;
            }
        }
        return false;
    }

    /// <summary>
    /// The agent told <paramref name="client"/> about <paramref name="sessionId"/> (the result of session/new, session/load
    /// or session/fork): its log (made now if missing) belongs to it. Never called for what a client sent.
    /// </summary>
    public void Claim(IAcpReplayClient client, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(client);
        var key = Key(client.SessionScope, sessionId);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var log = _logs.GetOrAdd(key, _ => NewLog(client, sessionId));
            if (log.Claim(client)) return;
            _logs.TryRemove(new KeyValuePair<string, SessionReplayLog>(key, log));
        }
    }

    /// <summary>A cumulative ack; only the log's current owner trims it, and an unknown session is ignored (no log is made).</summary>
    public void Acknowledge(IAcpReplayClient client, string sessionId, long seq)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (_logs.TryGetValue(Key(client.SessionScope, sessionId), out var log)) log.Acknowledge(client, seq);
    }

    /// <summary><paramref name="client"/> dropped: each of its sessions is kept for the replay window, then forgotten.</summary>
    public void Dropped(IAcpReplayClient client)
    {
        foreach (var log in _logs.Values)
        {
            if (ReferenceEquals(log.Owner, client)) log.OwnerDropped(client, time, options.Replay.Window, Forget);
        }
    }

    /// <summary>Starts a resume of <paramref name="sessionId"/> by <paramref name="client"/>; null when unknown, expired, of another scope or another user's.</summary>
    public SessionReplayLog? BeginResume(IAcpReplayClient client, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(client);
        return _logs.TryGetValue(Key(client.SessionScope, sessionId), out var log) && log.BeginResume(client) ? log : null;
    }

    /// <summary>Drops a log for good (expired, or the agent no longer knows the session).</summary>
    public void Forget(SessionReplayLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        log.Kill();
        _logs.TryRemove(new KeyValuePair<string, SessionReplayLog>(Key(log.Scope, log.SessionId), log));
    }

    private SessionReplayLog NewLog(IAcpReplayClient owner, string sessionId) =>
        new(owner.SessionScope, sessionId, owner, options.Replay.MaxMessages, options.MaxQueuedBytes);

    // Length-prefixed, so no scope and id pair can spell another pair's key.
    private static string Key(string scope, string sessionId) =>
        scope.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + scope + "/" + sessionId;
}
