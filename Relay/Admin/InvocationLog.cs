using System.Collections.Concurrent;

namespace AgentPlatform.Relay.Admin;

/// <summary>
/// The bounded history of invocations for the admin API (newest first) and per-agent counts and latency
/// percentiles over a sliding window of recent durations.
/// </summary>
public sealed class InvocationLog
{
    private const int HistoryLimit = 1000;
    private const int WindowPerAgent = 512;
    private readonly Lock _gate = new();
    private readonly LinkedList<InvocationRecord> _history = new();
    private readonly ConcurrentDictionary<string, AgentStats> _stats = new(StringComparer.Ordinal);
    private int _running;

    public event Action<string, InvocationRecord>? Changed;

    public int Running => Volatile.Read(ref _running);

    public void Started(InvocationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Interlocked.Increment(ref _running);
        lock (_gate)
        {
            _history.AddFirst(record);
            while (_history.Count > HistoryLimit) _history.RemoveLast();
        }
        Changed?.Invoke("invocation.started", record);
    }

    public void Ended(InvocationRecord record, string status, string? errorCode, double durationMs)
    {
        ArgumentNullException.ThrowIfNull(record);
        Interlocked.Decrement(ref _running);
        record.Status = status;
        record.ErrorCode = errorCode;
        record.DurationMs = durationMs;
        _stats.GetOrAdd(record.Agent, _ => new AgentStats()).Add(durationMs, status == "failed");
        Changed?.Invoke("invocation.completed", record);
    }

    public (int Total, IReadOnlyList<InvocationRecord> Items) Page(string? agent, int offset, int limit)
    {
        lock (_gate)
        {
            var all = _history.Where(r => agent is null || r.Agent == agent).ToList();
            return (all.Count, all.Skip(offset).Take(limit).ToList());
        }
    }

    public IReadOnlyDictionary<string, object> PerAgent() =>
        _stats.ToDictionary(kv => kv.Key, kv => kv.Value.Snapshot(), StringComparer.Ordinal);

    private sealed class AgentStats
    {
        private readonly Lock _gate = new();
        private readonly Queue<double> _window = new();
        private long _count;
        private long _errors;

        public void Add(double ms, bool error)
        {
            lock (_gate)
            {
                _count++;
                if (error) _errors++;
                _window.Enqueue(ms);
                while (_window.Count > WindowPerAgent) _window.Dequeue();
            }
        }

        public object Snapshot()
        {
            lock (_gate)
            {
                var sorted = _window.OrderBy(x => x).ToArray();
                return new { count = _count, errors = _errors, p50Ms = Percentile(sorted, 0.50), p99Ms = Percentile(sorted, 0.99) };
            }
        }

        private static double Percentile(double[] sorted, double p) =>
            sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 3);
    }
}
