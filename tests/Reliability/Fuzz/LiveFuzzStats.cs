using System.Collections.Concurrent;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>What one dialect's fuzzing connections saw: frames sent, connections, how they ended, and failures.</summary>
public sealed class LiveFuzzStats(string dialect)
{
    private long _sent;
    private long _connections;
    private long _serverMessages;
    private long _aborted;
    private long _protocolErrors;

    public string Dialect { get; } = dialect;

    public long Sent => Interlocked.Read(ref _sent);

    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Messages the server sent back (errors, acks, answers to frames that happened to be valid).</summary>
    public long ServerMessages => Interlocked.Read(ref _serverMessages);

    /// <summary>Connections that ended without a close handshake (the server aborted or reset them).</summary>
    public long Aborted => Interlocked.Read(ref _aborted);

    /// <summary>Error answers and protocol closes seen.</summary>
    public long ProtocolErrors => Interlocked.Read(ref _protocolErrors);

    /// <summary>Close codes (or "eof"/"reset") and how often.</summary>
    public ConcurrentDictionary<string, int> Endings { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Failures { get; } = new();

    public void AddSent() => Interlocked.Increment(ref _sent);

    public void AddConnection() => Interlocked.Increment(ref _connections);

    public void AddServerMessage() => Interlocked.Increment(ref _serverMessages);

    public void AddProtocolError() => Interlocked.Increment(ref _protocolErrors);

    public void AddAborted() => Interlocked.Increment(ref _aborted);

    public void Ended(string how) => Endings.AddOrUpdate(how, 1, (_, n) => n + 1);

    public void Fail(string why)
    {
        if (Failures.Count < 10) Failures.Enqueue(Dialect + ": " + why);
    }

    public string Summary() =>
        $"{Dialect}: {Sent:N0} fuzzed frames over {Connections:N0} connections, {ServerMessages:N0} server messages, {ProtocolErrors:N0} protocol errors, " +
        $"{Aborted:N0} aborted; endings {string.Join(", ", Endings.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + "×" + e.Value))}";
}
