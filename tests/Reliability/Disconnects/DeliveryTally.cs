using System.Collections.Concurrent;
using System.Globalization;
using AgentPlatform.Reliability.Suite;

namespace AgentPlatform.Reliability.Disconnects;

/// <summary>
/// Counts what was sent and what arrived, by message id: an id sent and never received is lost, an id received more
/// than once is duplicated (each extra copy counts), an id received but never sent is noted as unexpected.
/// Thread-safe: receive callbacks run on the clients' loops.
/// </summary>
public sealed class DeliveryTally
{
    private const int Shown = 5;

    private readonly ConcurrentDictionary<string, byte> _sent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _received = new(StringComparer.Ordinal);
    private long _receivedTotal;

    public long Sent => _sent.Count;

    public long ReceivedTotal => Interlocked.Read(ref _receivedTotal);

    public void RecordSent(string id) => _sent.TryAdd(id, 0);

    public void RecordReceived(string id)
    {
        Interlocked.Increment(ref _receivedTotal);
        _received.AddOrUpdate(id, 1, (_, n) => n + 1);
    }

    public bool HasReceived(string id) => _received.ContainsKey(id);

    /// <summary>Fills the counters of <paramref name="result"/> and fails it on any loss or duplicate, naming the first ids.</summary>
    public ScenarioResult Complete(ScenarioResult result, int disconnects)
    {
        ArgumentNullException.ThrowIfNull(result);
        var lost = _sent.Keys.Where(id => !_received.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        var duplicated = _received.Where(p => p.Value > 1).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        var extra = _received.Keys.Where(id => !_sent.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        result.Disconnects = disconnects;
        result.Sent = Sent;
        result.Received = ReceivedTotal;
        result.Lost = lost.Count;
        result.Duplicated = _received.Values.Where(n => n > 1).Sum(n => (long)n - 1);
        if (extra.Count > 0) result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{extra.Count} ids received that were never sent: {First(extra)}"));
        if (lost.Count > 0) result.Fail(string.Create(CultureInfo.InvariantCulture, $"{lost.Count} lost, first: {First(lost)}"));
        if (duplicated.Count > 0) result.Fail(string.Create(CultureInfo.InvariantCulture, $"{duplicated.Count} ids duplicated, first: {First(duplicated)}"));
        return result;
    }

    private static string First(List<string> ids) => string.Join(", ", ids.Take(Shown)) + (ids.Count > Shown ? ", …" : "");
}
