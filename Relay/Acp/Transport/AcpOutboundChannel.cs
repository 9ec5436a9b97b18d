namespace AgentPlatform.Relay.Acp.Transport;

/// <summary>
/// One outbound stream of a Streamable HTTP connection (the connection's, or one session's): messages queue here until
/// its single receiver, an SSE GET, takes them. Messages queued before a receiver attaches wait for it.
/// </summary>
public sealed class AcpOutboundChannel(string? sessionId, Action<int> dequeued)
{
    private readonly Lock _gate = new();
    private readonly Queue<byte[]> _queue = new();
    private TaskCompletionSource? _signal;
    private bool _hasReceiver;
    private bool _completed;

    /// <summary>The session, or null for the connection stream.</summary>
    public string? SessionId { get; } = sessionId;

    public bool HasReceiver { get { lock (_gate) return _hasReceiver; } }

    public int Queued { get { lock (_gate) return _queue.Count; } }

    /// <summary>Becomes the stream's receiver; false when it already has one (409) or the connection ended.</summary>
    public bool TryAcquire()
    {
        lock (_gate)
        {
            if (_hasReceiver || _completed) return false;
            _hasReceiver = true;
            return true;
        }
    }

    public void Release()
    {
        lock (_gate) _hasReceiver = false;
    }

    /// <summary>Queues a message; false when the stream is complete (ended, or retired while empty).</summary>
    public bool Enqueue(byte[] message)
    {
        TaskCompletionSource? signal;
        lock (_gate)
        {
            if (_completed) return false;
            _queue.Enqueue(message);
            signal = _signal;
            _signal = null;
        }
        signal?.TrySetResult();
        return true;
    }

    /// <summary>Ends the stream when it has no receiver and nothing queued (its connection then forgets it); false otherwise.</summary>
    public bool TryRetire()
    {
        lock (_gate)
        {
            if (_hasReceiver || _completed || _queue.Count > 0) return false;
            _completed = true;
            return true;
        }
    }

    /// <summary>No more messages: a receiver gets what is queued, then the end.</summary>
    public void Complete()
    {
        TaskCompletionSource? signal;
        lock (_gate)
        {
            _completed = true;
            signal = _signal;
            _signal = null;
        }
        signal?.TrySetResult();
    }

    /// <summary>The next message; (null, false) when <paramref name="wait"/> passed with none (time for a keep-alive); (null, true) at the end.</summary>
    public async ValueTask<(byte[]? Message, bool Done)> ReadAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        Task pending;
        lock (_gate)
        {
            if (TryTakeLocked(out var ready)) return ready;
            _signal ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            pending = _signal.Task;
        }
        try
        {
            await pending.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return (null, false);
        }
        lock (_gate)
        {
            return TryTakeLocked(out var next) ? next : (null, false);
        }
    }

    private bool TryTakeLocked(out (byte[]? Message, bool Done) result)
    {
        if (_queue.TryDequeue(out var message))
        {
            dequeued(message.Length);
            result = (message, false);
            return true;
        }
        result = (null, true);
        return _completed;
    }
}
