using AgentPlatform.Server.Transport;

namespace AgentPlatform.Server.Delivery;

/// <summary>
/// The outbound side of one connection: assigns sequence numbers, keeps tracked frames until the peer acknowledges
/// them (reliable sessions), bounds what it holds in bytes and frames, and writes frames to whichever transport is
/// attached, one writer at a time and in sequence order. Follows SignalR's stateful-reconnect rules: numbers start
/// at 1, grow by exactly 1 and never reset on reconnect; acks are cumulative; a resume replays every unacknowledged
/// frame in its original order before anything new.
/// </summary>
public sealed partial class ConnectionOutbox
{
    private readonly Lock _gate = new();
    private readonly Queue<SequencedFrame> _unacked = new();
    private readonly OutboxOptions _options;
    private WriteLane? _live;
    private TaskCompletionSource? _capacity;
    private IReplayJournal? _journal;
    private Action<OutboundFrame>? _redirect;
    private long _durable;
    private long _lastSequence;
    private long _acked;
    private long _heldBytes;
    private int _heldFrames;
    private bool _closed;

    public ConnectionOutbox(bool reliable, OutboxOptions options)
    {
        Reliable = reliable;
        _options = options;
    }

    /// <summary>True when tracked frames are numbered and kept for replay until acknowledged.</summary>
    public bool Reliable { get; }

    public long LastSequence { get { lock (_gate) return _lastSequence; } }

    public long AcknowledgedSequence { get { lock (_gate) return _acked; } }

    public long HeldBytes { get { lock (_gate) return _heldBytes; } }

    public int HeldFrames { get { lock (_gate) return _heldFrames; } }

    /// <summary>Frames kept for replay (reliable sessions): count and bytes.</summary>
    public (int Frames, long Bytes) ReplayBuffer
    {
        get
        {
            lock (_gate)
            {
                long bytes = 0;
                foreach (var f in _unacked) bytes += f.Frame.Payload.Length;
                return (_unacked.Count, bytes);
            }
        }
    }


    /// <summary>Raised (outside the lock) when a frame was written to the transport, with its size.</summary>
    public event Action<int>? FrameWritten;

    /// <summary>
    /// Queues a frame, waiting while the outbox is full (backpressure on the producer). <paramref name="encode"/>
    /// receives the sequence number (0 when the frame is not tracked). Returns the number, or -1 when the
    /// connection is closed.
    /// </summary>
    public async ValueTask<long> SendAsync<TState>(TState state, Func<long, TState, OutboundFrame> encode, bool tracked,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_closed) return -1;
                if (_redirect is not null) return ForwardLocked(state, encode, tracked);
                if (HasRoom())
                {
                    return EnqueueLocked(state, encode, tracked);
                }
                _capacity ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _capacity.Task;
            }
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Queues a frame unless the outbox is full; for fan-out, where one slow peer must not hold up the rest.</summary>
    public bool TrySend<TState>(TState state, Func<long, TState, OutboundFrame> encode, bool tracked, out long sequence)
    {
        lock (_gate)
        {
            sequence = -1;
            if (_closed) return false;
            if (_redirect is not null)
            {
                sequence = ForwardLocked(state, encode, tracked);
                return true;
            }
            if (!HasRoom()) return false;
            sequence = EnqueueLocked(state, encode, tracked);
            return true;
        }
    }

    /// <summary>Drops every tracked frame up to and including <paramref name="sequence"/> (cumulative ack).</summary>
    /// <returns>False when the peer acknowledges a frame that was never sent.</returns>
    public bool Acknowledge(long sequence)
    {
        TaskCompletionSource? release;
        lock (_gate)
        {
            if (sequence > _lastSequence) return false;
            if (sequence <= _acked) return true;
            AcknowledgeLocked(sequence);
            release = TakeWaiterLocked();
        }
        release?.TrySetResult();
        return true;
    }

    /// <summary>
    /// Attaches a transport and starts writing to it. For a resume, <paramref name="lastReceived"/> is the highest
    /// sequence number the peer has; every unacknowledged frame after it is written again first, in order.
    /// </summary>
    public ResumeOutcome Attach(IFrameTransport transport, long lastReceived = 0, OutboundFrame? preamble = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        TaskCompletionSource? release;
        lock (_gate)
        {
            if (_closed) return ResumeOutcome.Closed;
            if (lastReceived > _lastSequence) return ResumeOutcome.AheadOfSender;
            if (lastReceived < _acked) return ResumeOutcome.BehindBuffer;
            AcknowledgeLocked(lastReceived);
            if (_live is { } old) old.Completed = true;
            var lane = new WriteLane(transport);
            // The dialect's handshake answer goes out before anything replayed (it tells the peer where replay starts).
            if (preamble is { } first) lane.Items.Enqueue(new SequencedFrame(-1, first));
            foreach (var frame in _unacked) lane.Items.Enqueue(frame);
            _live = lane;
            release = TakeWaiterLocked();
            StartWriterLocked(lane);
        }
        release?.TrySetResult();
        return ResumeOutcome.Resumed;
    }

    /// <summary>Stops writing to the current transport; tracked frames keep accumulating for a later resume.</summary>
    public void Detach()
    {
        TaskCompletionSource? release;
        lock (_gate)
        {
            if (_live is { } old) old.Completed = true;
            _live = null;
            // Untracked frames queued for the old transport will never be written: give their room back.
            RecountLocked();
            release = TakeWaiterLocked();
        }
        release?.TrySetResult();
    }

    /// <summary>Waits (bounded) until every queued frame was handed to the transport.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        Task written;
        lock (_gate)
        {
            // No more frames will be queued for this transport; the writer stops once it wrote the last one.
            if (_live is not { } lane) return;
            lane.Completed = true;
            if (!lane.Writing) return;
            written = (lane.Drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
        await Task.WhenAny(written, Task.Delay(timeout)).ConfigureAwait(false);
    }

    /// <summary>Refuses new frames (senders get -1, waiters are released) but keeps writing what is already queued.</summary>
    public void Seal()
    {
        TaskCompletionSource? release;
        lock (_gate)
        {
            _closed = true;
            release = TakeWaiterLocked();
        }
        release?.TrySetResult();
    }

    /// <summary>Closes the outbox: senders get -1, waiters are released, buffered frames are dropped.</summary>
    public void Close()
    {
        TaskCompletionSource? release;
        lock (_gate)
        {
            _closed = true;
            DropAllLocked();
            release = TakeWaiterLocked();
        }
        release?.TrySetResult();
    }

    /// <summary>Stops the writer and forgets every held frame (closed, or handed to another replica).</summary>
    private void DropAllLocked()
    {
        if (_live is { } old) old.Completed = true;
        _live = null;
        _unacked.Clear();
        _heldBytes = 0;
        _heldFrames = 0;
    }

    private bool HasRoom() =>
        _heldFrames == 0 || (_heldBytes < _options.MaxBufferedBytes && _heldFrames < _options.MaxBufferedFrames);

    private long EnqueueLocked<TState>(TState state, Func<long, TState, OutboundFrame> encode, bool tracked)
    {
        var keep = tracked && Reliable;
        var sequence = keep ? _lastSequence + 1 : 0;
        var frame = new SequencedFrame(sequence, encode(sequence, state));
        var lane = _live is { Completed: false } open ? open : null;
        if (keep)
        {
            _lastSequence = sequence;
            _unacked.Enqueue(frame);
            _heldBytes += frame.Frame.Payload.Length;
            _heldFrames++;
            _journal?.Append(frame);
            if (lane is not null) Write(lane, frame);
            return sequence;
        }
        if (lane is null) return 0;
        _heldBytes += frame.Frame.Payload.Length;
        _heldFrames++;
        Write(lane, frame);
        return 0;
    }

    private void AcknowledgeLocked(long sequence)
    {
        while (_unacked.TryPeek(out var head) && head.Sequence <= sequence)
        {
            _unacked.Dequeue();
            _heldBytes -= head.Frame.Payload.Length;
            _heldFrames--;
        }
        if (sequence <= _acked) return;
        _acked = sequence;
        _journal?.Acknowledged(sequence);
    }

    private void RecountLocked()
    {
        long bytes = 0;
        foreach (var f in _unacked) bytes += f.Frame.Payload.Length;
        _heldBytes = bytes;
        _heldFrames = _unacked.Count;
    }

    private TaskCompletionSource? TakeWaiterLocked()
    {
        var waiter = _capacity;
        _capacity = null;
        return waiter;
    }

    private void Write(WriteLane lane, SequencedFrame frame)
    {
        lane.Items.Enqueue(frame);
        StartWriterLocked(lane);
    }

    /// <summary>
    /// Starts the writer of <paramref name="lane"/> unless it runs: it writes on the sender's thread until a send
    /// pends (no hop to the thread pool, as a hand-written send would) and ends when the queue is empty, so an idle
    /// connection keeps no writer task, channel or buffer.
    /// </summary>
    private void StartWriterLocked(WriteLane lane)
    {
        if (lane.Writing || lane.Failed || !HeadWritableLocked(lane)) return;
        lane.Writing = true;
        _ = WriteAsync(lane);
    }

    /// <summary>The next frame may go out: there is one, and it is untracked or the journal (if any) holds it.</summary>
    private bool HeadWritableLocked(WriteLane lane) =>
        lane.Items.TryPeek(out var head) && (_journal is null || head.Sequence <= _durable);

    private async Task WriteAsync(WriteLane lane)
    {
        try
        {
            while (true)
            {
                SequencedFrame item;
                lock (_gate)
                {
                    if (!HeadWritableLocked(lane))
                    {
                        lane.Writing = false;
                        // Waiting for the journal: MarkDurable starts the writer again.
                        if (lane.Items.Count > 0) return;
                        // A burst may have grown the queue: an idle connection gives the array back.
                        if (lane.Items.EnsureCapacity(0) > 1024) lane.Items.TrimExcess();
                        lane.Drained?.TrySetResult();
                        return;
                    }
                    item = lane.Items.Dequeue();
                }
                await lane.Transport.SendAsync(item.Frame, CancellationToken.None).ConfigureAwait(false);
                if (item.Sequence == 0) Release(lane, item.Frame.Payload.Length);
                FrameWritten?.Invoke(item.Frame.Payload.Length);
            }
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException
                                       or OperationCanceledException or InvalidOperationException)
        {
            // The socket is gone; the read loop sees that too and detaches or closes the connection.
            lock (_gate)
            {
                lane.Failed = true;
                lane.Writing = false;
                lane.Drained?.TrySetResult();
            }
            lane.Transport.Abort();
        }
    }

    private void Release(WriteLane lane, int bytes)
    {
        TaskCompletionSource? release;
        lock (_gate)
        {
            // Only frames still counted (the transport was not swapped meanwhile) give room back.
            if (!ReferenceEquals(_live, lane)) return;
            _heldBytes -= bytes;
            _heldFrames--;
            release = TakeWaiterLocked();
        }
        release?.TrySetResult();
    }

    /// <summary>The frames queued for one attached transport, and the state of its writer (guarded by the outbox's lock).</summary>
    private sealed class WriteLane(IFrameTransport transport)
    {
        public IFrameTransport Transport { get; } = transport;

        public Queue<SequencedFrame> Items { get; } = new();

        /// <summary>No more frames are queued here (detached, replaced, drained or closed); what is queued is still written.</summary>
        public bool Completed { get; set; }

        public bool Writing { get; set; }

        /// <summary>A send failed: the transport is aborted and nothing more is written to it.</summary>
        public bool Failed { get; set; }

        /// <summary>Completed when the writer finds the queue empty (for <see cref="DrainAsync"/>).</summary>
        public TaskCompletionSource? Drained { get; set; }
    }
}
