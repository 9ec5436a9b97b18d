namespace AgentPlatform.Dashboard.State;

/// <summary>
/// Short in-memory time series for the overview plots: one point per bucket, the last
/// <c>Dashboard:SeriesWindow</c> kept (15 minutes by default). Latency percentiles come from the
/// invocations completed inside the bucket; traffic rates from deltas of the Relay's cumulative counters.
/// </summary>
public sealed class SeriesRecorder
{
    private readonly Lock _gate = new();
    private readonly Queue<SeriesPoint> _points = new();
    private readonly int _capacity;
    private readonly List<double> _durations = [];
    private int _completed;
    private int _errors;
    private RelayMetrics? _lastMetrics;
    private DateTimeOffset? _lastTick;

    public SeriesRecorder(TimeSpan interval, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Interval = interval;
        _capacity = Math.Max(2, (int)Math.Ceiling(window / interval));
    }

    public TimeSpan Interval { get; }

    public void RecordCompletion(double? durationMs, bool failed)
    {
        lock (_gate)
        {
            _completed++;
            if (failed) _errors++;
            if (durationMs is { } d && double.IsFinite(d) && d >= 0) _durations.Add(d);
        }
    }

    /// <summary>Closes the current bucket and starts the next one.</summary>
    public SeriesPoint Tick(DateTimeOffset now, RelayMetrics? metrics, int agents, int stale)
    {
        lock (_gate)
        {
            var seconds = _lastTick is { } last ? Math.Max(0.001, (now - last).TotalSeconds) : Interval.TotalSeconds;
            _durations.Sort();
            double Rate(Func<RelayMetrics, long> counter) =>
                metrics is null || _lastMetrics is null ? 0 : Math.Max(0, counter(metrics) - counter(_lastMetrics)) / seconds;
            var point = new SeriesPoint(
                now.ToUnixTimeMilliseconds(),
                _completed / seconds,
                _errors / seconds,
                Percentile(_durations, 0.50),
                Percentile(_durations, 0.99),
                Rate(m => m.FramesIn),
                Rate(m => m.FramesOut),
                Rate(m => m.BytesIn),
                Rate(m => m.BytesOut),
                metrics?.Connections.Total ?? 0,
                agents,
                stale);
            _points.Enqueue(point);
            while (_points.Count > _capacity) _points.Dequeue();
            _durations.Clear();
            _completed = 0;
            _errors = 0;
            if (metrics is not null) _lastMetrics = metrics;
            _lastTick = now;
            return point;
        }
    }

    public IReadOnlyList<SeriesPoint> Points()
    {
        lock (_gate) return [.. _points];
    }

    /// <summary>The newest point, or null before the first tick.</summary>
    public SeriesPoint? Latest()
    {
        lock (_gate) return _points.Count == 0 ? null : _points.Last();
    }

    /// <summary>Nearest-rank percentile of sorted values; null when there are none.</summary>
    internal static double? Percentile(List<double> sorted, double p)
    {
        if (sorted.Count == 0) return null;
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
