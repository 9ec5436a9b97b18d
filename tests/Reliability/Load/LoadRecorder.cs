using System.Collections.Concurrent;

namespace AgentPlatform.Reliability.Load;

/// <summary>
/// Every call the load makes, with its time and outcome, so a fault scenario can ask after the fact: when did each
/// stream first succeed again after the fault, what failed in between, and was any failure of a kind not allowed.
/// </summary>
public sealed class LoadRecorder
{
    private readonly ConcurrentQueue<LoadOutcome> _outcomes = new();
    private readonly ConcurrentQueue<string> _violations = new();

    public void Success(string stream) => _outcomes.Enqueue(new LoadOutcome(DateTime.UtcNow, stream, true, null));

    public void Failure(string stream, string error) => _outcomes.Enqueue(new LoadOutcome(DateTime.UtcNow, stream, false, error));

    /// <summary>A broken promise (a non-retryable error, a conversation that forgot a turn, a lost message).</summary>
    public void Violation(string what) => _violations.Enqueue(what);

    public IReadOnlyList<string> Violations => [.. _violations];

    public IReadOnlyList<LoadOutcome> Outcomes => [.. _outcomes];

    public long Successes => _outcomes.Count(o => o.Ok);

    public long Failures => _outcomes.Count(o => !o.Ok);

    /// <summary>The streams that made at least one call.</summary>
    public IReadOnlyList<string> Streams => [.. _outcomes.Select(o => o.Stream).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>When a stream whose name starts with <paramref name="streamPrefix"/> first succeeded at or after <paramref name="since"/>.</summary>
    public DateTime? FirstSuccessAfter(DateTime since, string streamPrefix = "") =>
        _outcomes.Where(o => o.Ok && o.At >= since && o.Stream.StartsWith(streamPrefix, StringComparison.Ordinal))
            .Select(o => (DateTime?)o.At).Min();

    /// <summary>
    /// When every stream that ran before <paramref name="since"/> had succeeded again after it ("all clients resumed");
    /// null while some stream has not.
    /// </summary>
    public DateTime? AllResumedAfter(DateTime since, string streamPrefix = "")
    {
        var streams = _outcomes.Where(o => o.At < since && o.Stream.StartsWith(streamPrefix, StringComparison.Ordinal)).Select(o => o.Stream).Distinct(StringComparer.Ordinal).ToList();
        DateTime? latest = null;
        foreach (var s in streams)
        {
            var first = _outcomes.Where(o => o.Ok && o.At >= since && o.Stream == s).Select(o => (DateTime?)o.At).Min();
            if (first is null) return null;
            if (latest is null || first > latest) latest = first;
        }
        return latest;
    }

    /// <summary>Failures after <paramref name="since"/> grouped by error, e.g. "FUNCTION_UNAVAILABLE retryable ×3".</summary>
    public string FailureSummary(DateTime since, string streamPrefix = "")
    {
        var groups = _outcomes.Where(o => !o.Ok && o.At >= since && o.Stream.StartsWith(streamPrefix, StringComparison.Ordinal))
            .GroupBy(o => o.Error ?? "?", StringComparer.Ordinal).OrderByDescending(g => g.Count())
            .Select(g => $"{g.Key} x{g.Count()}").ToList();
        return groups.Count == 0 ? "no failed call" : string.Join(", ", groups);
    }
}
