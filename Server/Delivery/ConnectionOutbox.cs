using System.Threading.Channels;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Server.Delivery;

/// <summary>
/// The outbound side of one connection: assigns sequence numbers, keeps tracked frames until the peer acknowledges
/// them (reliable sessions), bounds what it holds in bytes and frames, and writes frames to whichever transport is
/// attached, one writer at a time and in sequence order. Follows SignalR's stateful-reconnect rules: numbers start
/// at 1, grow by exactly 1 and never reset on reconnect; acks are cumulative; a resume replays every unacknowledged
/// frame in its original order before anything new.
/// </summary>
public sealed class ConnectionOutbox
{
    private readonly Lock _gate = new();
    private readonly Queue<SequencedFrame> _unacked = new();
    private readonly OutboxOptions _options;
    private Channel<SequencedFrame>? _live;
    private Task _writer = Task.CompletedTask;
    private TaskCompletionSource? _capacity;
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
            if (_closed || !HasRoom()) return false;
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
        Channel<SequencedFrame> channel;
        TaskCompletionSource? release;
        lock (_gate)
        {
            if (_closed) return ResumeOutcome.Closed;
            if (lastReceived > _lastSequence) return ResumeOutcome.AheadOfSender;
            if (lastReceived < _acked) return ResumeOutcome.BehindBuffer;
            AcknowledgeLocked(lastReceived);
            _live?.Writer.TryComplete();
            // Synchronous continuations: an idle writer loop runs on the sender's thread instead of hopping to the pool.
            channel = Channel.CreateUnbounded<SequencedFrame>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
            // The dialect's handshake answer goes out before anything replayed (it tells the peer where replay starts).
            if (preamble is { } first) channel.Writer.TryWrite(new SequencedFrame(-1, first));
            foreach (var frame in _unacked) channel.Writer.TryWrite(frame);
            _live = channel;
            release = TakeWaiterLocked();
        }
        release?.TrySetResult();
        var loop = WriteLoopAsync(channel, transport);
        lock (_gate) _writer = loop;
        return ResumeOutcome.Resumed;
    }

    /// <summary>Stops writing to the current transport; tracked frames keep accumulating for a later resume.</summary>
    public void Detach()
    {
        TaskCompletionSource? release;
        lock (_gate)
        {
            _live?.Writer.TryComplete();
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
        Task writer;
        lock (_gate)
        {
            // No more frames will be queued for this transport; the loop ends once it wrote the last one.
            _live?.Writer.TryComplete();
            writer = _writer;
        }
        await Task.WhenAny(writer, Task.Delay(timeout)).ConfigureAwait(false);
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
            _live?.Writer.TryComplete();
            _live = null;
            _unacked.Clear();
            _heldBytes = 0;
            _heldFrames = 0;
            release = TakeWaiterLocked();
        }
        release?.TrySetResult();
    }

    private bool HasRoom() =>
        _heldFrames == 0 || (_heldBytes < _options.MaxBufferedBytes && _heldFrames < _options.MaxBufferedFrames);

    private long EnqueueLocked<TState>(TState state, Func<long, TState, OutboundFrame> encode, bool tracked)
    {
        var keep = tracked && Reliable;
        var sequence = keep ? _lastSequence + 1 : 0;
        var frame = new SequencedFrame(sequence, encode(sequence, state));
        if (keep)
        {
            _lastSequence = sequence;
            _unacked.Enqueue(frame);
            _heldBytes += frame.Frame.Payload.Length;
            _heldFrames++;
            _live?.Writer.TryWrite(frame);
            return sequence;
        }
        if (_live is null) return 0;
        _heldBytes += frame.Frame.Payload.Length;
        _heldFrames++;
        _live.Writer.TryWrite(frame);
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
        _acked = Math.Max(_acked, sequence);
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

    private async Task WriteLoopAsync(Channel<SequencedFrame> channel, IFrameTransport transport)
    {
        var reader = channel.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    await transport.SendAsync(item.Frame, CancellationToken.None).ConfigureAwait(false);
                    if (item.Sequence == 0) Release(channel, item.Frame.Payload.Length);
                    FrameWritten?.Invoke(item.Frame.Payload.Length);
                }
            }
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException
                                       or OperationCanceledException or InvalidOperationException)
        {
            // The socket is gone; the read loop sees that too and detaches or closes the connection.
            transport.Abort();
        }
    }

    private void Release(Channel<SequencedFrame> channel, int bytes)
    {
        TaskCompletionSource? release;
        lock (_gate)
        {
            // Only frames still counted (the transport was not swapped meanwhile) give room back.
            if (!ReferenceEquals(_live, channel)) return;
            _heldBytes -= bytes;
            _heldFrames--;
            release = TakeWaiterLocked();
        }
        release?.TrySetResult();
    }
}
