using System.Threading.Channels;
using StackExchange.Redis;

namespace AgentPlatform.Registry.Stores;

/// <summary>
/// Sends heartbeats to Redis in batches: whatever arrived while the previous call was being written goes out as one
/// script call (RedisScripts.HeartbeatBatch) instead of one call each. Nothing waits for a batch to fill: an idle
/// registry sends each heartbeat at once; under load (10,000 instances at 1/s on 2 cores) Redis and the client run one
/// script and one completion per batch instead of per heartbeat. Several batches may be in flight; each heartbeat's
/// answer is its own result in its batch. The loop is owned by the store and ends when it is completed.
/// </summary>
internal sealed class RedisHeartbeatBatcher
{
    /// <summary>At most this many heartbeats per call, so one call stays short on the Redis side.</summary>
    public const int MaxBatch = 128;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDatabase _db;
    private readonly RedisKey[] _sharedKeys;
    private readonly long _ttlMs;
    private readonly int _history;
    private readonly Func<string, RedisKey> _instanceKey;
    private readonly Task _loop;

    public RedisHeartbeatBatcher(IDatabase db, RedisKey[] sharedKeys, long ttlMs, int history, Func<string, RedisKey> instanceKey)
    {
        _db = db;
        _sharedKeys = sharedKeys;
        _ttlMs = ttlMs;
        _history = history;
        _instanceKey = instanceKey;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Completes with true when the instance is known, false when it must register again.</summary>
    public Task<bool> HeartbeatAsync(string name, string instanceId, DateTimeOffset now)
    {
        // Asynchronous continuations: a batch's results must not run every caller's HTTP response on Redis's thread.
        var pending = new Pending(name, instanceId, now.ToUnixTimeMilliseconds(), new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending)) pending.Done.TrySetException(new ObjectDisposedException(nameof(RedisHeartbeatBatcher)));
        return pending.Done.Task;
    }

    /// <summary>Stops taking heartbeats; the batches already read still complete.</summary>
    public Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        return _loop;
    }

    private async Task LoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var batch = new List<Pending>();
            while (batch.Count < MaxBatch && reader.TryRead(out var item)) batch.Add(item);
            if (batch.Count > 0) _ = SendAsync(batch);
        }
    }

    private async Task SendAsync(List<Pending> batch)
    {
        var keys = new RedisKey[_sharedKeys.Length + batch.Count];
        _sharedKeys.CopyTo(keys, 0);
        var args = new RedisValue[3 + (4 * batch.Count)];
        args[0] = batch.Count;
        args[1] = _ttlMs;
        args[2] = _history;
        for (var i = 0; i < batch.Count; i++)
        {
            var h = batch[i];
            var field = h.Name + "/" + h.Id;
            keys[_sharedKeys.Length + i] = _instanceKey(field);
            args[3 + (4 * i)] = field;
            args[4 + (4 * i)] = h.Name;
            args[5 + (4 * i)] = h.Id;
            args[6 + (4 * i)] = h.NowMs;
        }
        try
        {
            var results = (RedisResult[])(await _db.ScriptEvaluateAsync(RedisScripts.HeartbeatBatch, keys, args).ConfigureAwait(false))!;
            for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult((long)results[i] == 1);
        }
        catch (Exception ex)
        {
            // Every heartbeat of the batch fails the way a single call would have (the endpoint answers 5xx).
            foreach (var h in batch) h.Done.TrySetException(ex);
        }
    }

    private sealed record Pending(string Name, string Id, long NowMs, TaskCompletionSource<bool> Done);
}
