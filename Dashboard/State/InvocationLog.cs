namespace AgentPlatform.Dashboard.State;

/// <summary>
/// The most recent invocations, newest first, merged by id as the Relay reports start and completion.
/// Bounded: the Relay keeps the full history; the dashboard only needs what fits a live list.
/// </summary>
public sealed class InvocationLog(SeriesRecorder series)
{
    public const int Capacity = 1000;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<InvocationRecord>> _byId = new(StringComparer.Ordinal);
    private readonly LinkedList<InvocationRecord> _order = new();

    /// <summary>Merges a start or completion; returns the merged record, or null when nothing new was learned.</summary>
    public InvocationRecord? Upsert(InvocationRecord record, bool live)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Id.Length == 0) return null;
        InvocationRecord merged;
        lock (_gate)
        {
            if (_byId.TryGetValue(record.Id, out var node))
            {
                var old = node.Value;
                // A late "started" must not undo a completion that already arrived.
                if (old.Finished && !record.Finished) return null;
                if (old == record) return null;
                merged = record with
                {
                    StartedAt = record.StartedAt ?? old.StartedAt,
                    ConnectionId = record.ConnectionId ?? old.ConnectionId,
                    Mode = record.Mode ?? old.Mode,
                };
                node.Value = merged;
                if (live && merged.Finished && !old.Finished) series.RecordCompletion(merged.DurationMs, merged.Status == "failed");
                return merged;
            }
            merged = record;
            _byId[record.Id] = _order.AddFirst(record);
            while (_order.Count > Capacity)
            {
                _byId.Remove(_order.Last!.Value.Id);
                _order.RemoveLast();
            }
        }
        if (live && merged.Finished) series.RecordCompletion(merged.DurationMs, merged.Status == "failed");
        return merged;
    }

    public IReadOnlyList<InvocationRecord> Recent(int limit, string? agent = null)
    {
        lock (_gate)
        {
            return [.. _order.Where(r => agent is null || r.Agent == agent).Take(limit)];
        }
    }
}
