using AgentPlatform.Server.Delivery;
using StackExchange.Redis;

namespace AgentPlatform.Relay.Core.Sessions;

/// <summary>
/// One session's writer to Redis. Frames and acks are queued under the outbox's lock and written by one loop, one
/// script call in flight at a time: while a call is out, what arrives accumulates into the next one (a fast stream
/// costs one round trip per batch, not per frame). A refused call (epoch changed) means another replica owns the
/// session now: nothing more is written and the core is told.
/// </summary>
internal sealed class RedisSessionJournal(RedisSessionStore store, string connectionId, long epoch, Func<long> inbound, Action fenced)
    : ISessionJournal
{
    private readonly Lock _gate = new();
    private readonly RedisKey[] _keys = RedisSessionStore.Keys(connectionId);
    private List<SequencedFrame> _pending = [];
    private long _lastSequence;
    private long _acked;
    private bool _dirty;
    private bool _flushing;
    private bool _stopped;
    private bool _fenced;
    private TaskCompletionSource? _idle;

    private ConnectionOutbox? _outbox;

    public void Bind(ConnectionOutbox outbox) => _outbox = outbox;

    public long Epoch => epoch;

    public bool Fenced { get { lock (_gate) return _fenced; } }

    public void Append(SequencedFrame frame)
    {
        lock (_gate)
        {
            if (_stopped) return;
            _pending.Add(frame);
            _lastSequence = frame.Sequence;
            StartLocked();
        }
    }

    public void Acknowledged(long sequence)
    {
        lock (_gate)
        {
            if (_stopped || sequence <= _acked) return;
            _acked = sequence;
            _dirty = true;
            StartLocked();
        }
    }

    public void Touch()
    {
        lock (_gate)
        {
            if (_stopped) return;
            _dirty = true;
            StartLocked();
        }
    }

    public async Task<bool> RotateAsync(string tokenHash, CancellationToken cancellationToken)
    {
        long last, acked;
        lock (_gate)
        {
            if (_stopped) return false;
            last = _lastSequence;
            acked = _acked;
        }
        var ok = (int)await store.Database.ScriptEvaluateAsync(SessionScripts.Append, _keys,
            [epoch, last, acked, inbound(), store.TtlMilliseconds, tokenHash]).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (ok == 1) return true;
        OnFenced();
        return false;
    }

    public void Group(string group, bool joined)
    {
        if (Fenced) return;
        _ = store.Database.ScriptEvaluateAsync(SessionScripts.Group, _keys, [epoch, group, joined ? 1 : 0, store.TtlMilliseconds],
            CommandFlags.FireAndForget);
    }

    public Task StopAsync()
    {
        lock (_gate)
        {
            _stopped = true;
            store.Forget(this);
            if (!_flushing) return Task.CompletedTask;
            return (_idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    public void Remove()
    {
        lock (_gate)
        {
            _stopped = true;
            store.Forget(this);
        }
        _ = store.Database.ScriptEvaluateAsync(SessionScripts.Remove, _keys, [epoch], CommandFlags.FireAndForget);
    }

    private void StartLocked()
    {
        if (_flushing) return;
        _flushing = true;
        // Off the caller's thread: the caller holds the outbox's lock, and the loop calls back into the outbox.
        ThreadPool.UnsafeQueueUserWorkItem(static j => _ = j.FlushAsync(), this, preferLocal: true);
    }

    private async Task FlushAsync()
    {
        var failures = 0;
        while (true)
        {
            List<SequencedFrame> batch;
            long last, acked;
            lock (_gate)
            {
                if (_stopped || (_pending.Count == 0 && !_dirty))
                {
                    _flushing = false;
                    _idle?.TrySetResult();
                    return;
                }
                batch = _pending;
                _pending = [];
                _dirty = false;
                last = _lastSequence;
                acked = _acked;
            }
            var args = new RedisValue[6 + batch.Count * 2];
            args[0] = epoch;
            args[1] = last;
            args[2] = acked;
            args[3] = inbound();
            args[4] = store.TtlMilliseconds;
            args[5] = "";
            for (var i = 0; i < batch.Count; i++)
            {
                args[6 + i * 2] = batch[i].Sequence;
                args[7 + i * 2] = RedisSessionStore.Encode(batch[i]);
            }
            int ok;
            try
            {
                ok = (int)await store.Database.ScriptEvaluateAsync(SessionScripts.Append, _keys, args).ConfigureAwait(false);
                failures = 0;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Redis is away: the frames stay unwritten to the socket (not durable) and are retried, oldest first.
                RedisSessionStore.LogWriteFailed(store.Logger, ex);
                lock (_gate)
                {
                    batch.AddRange(_pending);
                    _pending = batch;
                    _dirty = true;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 50 << Math.Min(failures++, 6)))).ConfigureAwait(false);
                continue;
            }
            if (ok != 1)
            {
                lock (_gate)
                {
                    _flushing = false;
                    _idle?.TrySetResult();
                }
                OnFenced();
                return;
            }
            if (batch.Count > 0) _outbox?.MarkDurable(batch[^1].Sequence);
        }
    }

    private void OnFenced()
    {
        lock (_gate)
        {
            if (_fenced) return;
            _fenced = true;
            _stopped = true;
            store.Forget(this);
        }
        fenced();
    }
}
