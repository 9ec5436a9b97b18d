using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Relay.Acp.Replay;

/// <summary>
/// The notifications of one session for a client that asked for replay: numbered from 1, kept until acknowledged (at
/// most <c>Acp:Replay:MaxMessages</c>), delivered at once while the owner is connected and only kept while it is away.
/// While a resume is under way every new notification is kept and goes out after the replayed ones, so the client
/// sees one ordered sequence. All state changes under one lock; deliveries happen inside it because a client's
/// <see cref="IAcpReplayClient.Deliver"/> only queues.
/// </summary>
public sealed class SessionReplayLog
{
    private readonly Lock _gate = new();
    private readonly Queue<(long Seq, JsonRpcMessage Message, int Bytes)> _kept = new();
    private readonly int _maxMessages;
    private readonly long _maxBytes;
    private long _keptBytes;
    private IAcpReplayClient? _owner;
    private long _lastSeq;
    private long _discardedUpTo;
    private bool _resuming;
    private bool _dead;
    private ITimer? _expiry;
    private IAcpReplayClient? _previousOwner;
    private long _resumeFrom;
    private (TimeProvider Time, TimeSpan Window, Action<SessionReplayLog> Expired)? _expiryPlan;

    public SessionReplayLog(string scope, string sessionId, IAcpReplayClient owner, int maxMessages, long maxBytes = long.MaxValue)
    {
        _maxBytes = maxBytes;
        Scope = scope;
        SessionId = sessionId;
        _owner = owner;
        UserId = owner?.UserId;
        _maxMessages = maxMessages;
    }

    /// <summary>The attachment scope (agent and instance) the session id belongs to.</summary>
    public string Scope { get; }

    public string SessionId { get; }

    /// <summary>Who created the session's log; a resume by another user is refused.</summary>
    public string? UserId { get; }

    public IAcpReplayClient? Owner { get { lock (_gate) return _owner; } }

    /// <summary>Notifications kept (not yet acknowledged).</summary>
    public int KeptCount { get { lock (_gate) return _kept.Count; } }

    public long LastSeq { get { lock (_gate) return _lastSeq; } }

    /// <summary>Numbers, keeps and (when its owner is connected) delivers a notification <paramref name="from"/> the connection it is sent to.</summary>
    public ReplayAppend Append(IAcpReplayClient from, JsonRpcMessage notification)
    {
        ArgumentNullException.ThrowIfNull(from);
        lock (_gate)
        {
            if (_dead) return ReplayAppend.Dead;
            if (!ReferenceEquals(_owner, from) && !_resuming)
            {
                // A dropped connection's attachment that lost the session to a newer one: not kept for anybody.
                if (from.IsDropped) return ReplayAppend.Refused;
                // The agent side moved the session to another live client (session/load there): it owns the log now.
                TakeOverLocked(from);
            }
            var seq = ++_lastSeq;
            var stamped = AcpReplayMeta.Stamp(notification, seq);
            var bytes = stamped.ToUtf8().Length;
            _kept.Enqueue((seq, stamped, bytes));
            _keptBytes += bytes;
            // Bounded by count and by bytes: past either the oldest go (the resume then says truncated).
            while (_kept.Count > _maxMessages || (_keptBytes > _maxBytes && _kept.Count > 1)) DiscardOldestLocked();
            if (!_resuming && ReferenceEquals(_owner, from) && !from.IsDropped) from.Deliver(stamped);
            return ReplayAppend.Kept;
        }
    }

    /// <summary>A live client uses the session (a request about it, or it created or loaded it): it owns the log.</summary>
    public bool Claim(IAcpReplayClient client)
    {
        lock (_gate)
        {
            if (_dead) return false;
            if (!_resuming && !ReferenceEquals(_owner, client)) TakeOverLocked(client);
            return true;
        }
    }

    /// <summary>Cumulative acknowledgement from the owner: everything up to <paramref name="seq"/> is dropped.</summary>
    public void Acknowledge(IAcpReplayClient client, long seq)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_owner, client)) return;
            TrimLocked(seq);
        }
    }

    /// <summary>The owner dropped: start the replay window; when it passes without a resume, <paramref name="expired"/> runs.</summary>
    public void OwnerDropped(IAcpReplayClient client, TimeProvider time, TimeSpan window, Action<SessionReplayLog> expired)
    {
        ArgumentNullException.ThrowIfNull(time);
        lock (_gate)
        {
            if (_dead || _resuming || !ReferenceEquals(_owner, client)) return;
            _expiryPlan = (time, window, expired);
            StartExpiryLocked(client);
        }
    }

    /// <summary>Starts a resume by <paramref name="client"/>: new notifications are kept (not delivered) until <see cref="CompleteResume"/>.</summary>
    public bool BeginResume(IAcpReplayClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        lock (_gate)
        {
            if (_dead || _resuming || !string.Equals(UserId, client.UserId, StringComparison.Ordinal)) return false;
            _expiry?.Dispose();
            _expiry = null;
            _previousOwner = _owner;
            _resumeFrom = _lastSeq;
            _owner = client;
            _resuming = true;
            return true;
        }
    }

    /// <summary>
    /// A resume by <paramref name="client"/> failed: the log goes back to its previous owner — which receives what was
    /// kept during the attempt when it is still connected, or gets its replay window again when it is gone.
    /// </summary>
    public void AbortResume(IAcpReplayClient client)
    {
        lock (_gate)
        {
            if (_dead || !_resuming || !ReferenceEquals(_owner, client)) return;
            _resuming = false;
            _owner = _previousOwner;
            _previousOwner = null;
            if (_owner is null) return;
            if (!_owner.IsDropped)
            {
                foreach (var (seq, message, _) in _kept)
                {
                    if (seq > _resumeFrom) _owner.Deliver(message);
                }
            }
            else
            {
                StartExpiryLocked(_owner);
            }
        }
    }

    /// <summary>True when the owner before the current resume is gone (or there was none).</summary>
    public bool PreviousOwnerGone
    {
        get
        {
            lock (_gate) return _previousOwner is null || _previousOwner.IsDropped;
        }
    }

    /// <summary>Delivers every kept notification after <paramref name="after"/> to the new owner, in order, and ends the resume.</summary>
    public (int Replayed, bool Truncated) CompleteResume(long after)
    {
        lock (_gate)
        {
            _resuming = false;
            _previousOwner = null;
            TrimLocked(after);
            var replayed = 0;
            foreach (var (_, message, _) in _kept)
            {
                if (_owner is { IsDropped: false } owner && owner.Deliver(message)) replayed++;
            }
            return (replayed, _discardedUpTo > after);
        }
    }

    /// <summary>Ends the log (expired, or the agent does not know the session): later appends see it dead.</summary>
    public void Kill()
    {
        lock (_gate)
        {
            _dead = true;
            _resuming = false;
            _expiry?.Dispose();
            _expiry = null;
            _kept.Clear();
            _keptBytes = 0;
        }
    }

    private bool TryExpire(IAcpReplayClient client)
    {
        lock (_gate)
        {
            if (_dead || _resuming || !ReferenceEquals(_owner, client) || !client.IsDropped) return false;
            _dead = true;
            _expiry?.Dispose();
            _expiry = null;
            _kept.Clear();
            _keptBytes = 0;
            return true;
        }
    }

    private void DiscardOldestLocked()
    {
        var (seq, _, bytes) = _kept.Dequeue();
        _discardedUpTo = seq;
        _keptBytes -= bytes;
    }

    /// <summary>Drops what the client has seen (acknowledged, or before a resume's <c>after</c>).</summary>
    private void TrimLocked(long upTo)
    {
        while (_kept.Count > 0 && _kept.Peek().Seq <= upTo) _keptBytes -= _kept.Dequeue().Bytes;
    }

    private void StartExpiryLocked(IAcpReplayClient client)
    {
        _expiry?.Dispose();
        _expiry = null;
        if (_expiryPlan is not { } plan) return;
        // A window restarted after a failed resume is a full window again: the client may still be on its way.
        _expiry = plan.Time.CreateTimer(_ =>
        {
            if (TryExpire(client)) plan.Expired(this);
        }, null, plan.Window, Timeout.InfiniteTimeSpan);
    }

    private void TakeOverLocked(IAcpReplayClient client)
    {
        _owner = client;
        _expiry?.Dispose();
        _expiry = null;
    }
}
