using AgentPlatform.Server.Transport;

namespace AgentPlatform.Server.Delivery;

/// <summary>
/// The outbox's part in sessions that live beyond one process (the Relay's replicas on Redis): a journal that must hold a
/// tracked frame before it is written, restoring a session taken over from another replica, and redirecting what an old
/// owner still produces to the new one.
/// </summary>
public sealed partial class ConnectionOutbox
{
    /// <summary>The highest tracked sequence number the journal holds (equals <see cref="LastSequence"/> without a journal).</summary>
    public long DurableSequence { get { lock (_gate) return _journal is null ? _lastSequence : _durable; } }

    /// <summary>True once <see cref="Redirect"/> sent this outbox's frames elsewhere.</summary>
    public bool Redirected { get { lock (_gate) return _redirect is not null; } }

    /// <summary>
    /// Copies every tracked frame from now on to <paramref name="journal"/>; a tracked frame is written to the socket
    /// only once the journal reported it durable (<see cref="MarkDurable"/>). Set before anything is sent or restored.
    /// </summary>
    public void UseJournal(IReplayJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        lock (_gate)
        {
            _journal = journal;
            _durable = _lastSequence;
        }
    }

    /// <summary>The journal holds every tracked frame up to <paramref name="sequence"/>: they may be written now.</summary>
    public void MarkDurable(long sequence)
    {
        lock (_gate)
        {
            if (sequence <= _durable) return;
            _durable = Math.Min(sequence, _lastSequence);
            if (_live is { } lane) StartWriterLocked(lane);
        }
    }

    /// <summary>
    /// Loads a session taken over from elsewhere: numbering continues after <paramref name="lastSequence"/>, the peer
    /// acknowledged <paramref name="acknowledged"/>, and <paramref name="frames"/> (in order, all durable) wait for replay.
    /// </summary>
    public void Restore(long lastSequence, long acknowledged, IEnumerable<SequencedFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        lock (_gate)
        {
            _lastSequence = lastSequence;
            _acked = acknowledged;
            _durable = lastSequence;
            foreach (var frame in frames)
            {
                _unacked.Enqueue(frame);
                _heldBytes += frame.Frame.Payload.Length;
                _heldFrames++;
            }
        }
    }

    /// <summary>
    /// The session moved to another owner: stops writing here, hands every tracked frame the journal does not hold to
    /// <paramref name="forward"/> (in order), and from now on forwards each new tracked frame (encoded without a number;
    /// the new owner numbers it) instead of queueing it. Untracked frames are dropped.
    /// </summary>
    public void Redirect(Action<OutboundFrame> forward)
    {
        ArgumentNullException.ThrowIfNull(forward);
        TaskCompletionSource? release;
        lock (_gate)
        {
            if (_redirect is not null) return;
            foreach (var frame in _unacked)
            {
                if (frame.Sequence > _durable) forward(frame.Frame);
            }
            _redirect = forward;
            DropAllLocked();
            release = TakeWaiterLocked();
        }
        release?.TrySetResult();
    }

    private long ForwardLocked<TState>(TState state, Func<long, TState, OutboundFrame> encode, bool tracked)
    {
        if (tracked && Reliable) _redirect!(encode(0, state));
        return 0;
    }
}
