using System.Collections.Concurrent;

namespace AgentPlatform.Relay.Routing.Providers;

/// <summary>The providers of a single Relay (no backplane peers): all are local; picks round-robin per agent.</summary>
public sealed class LocalProviderDirectory : IProviderDirectory
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ProviderPresence> _byConnection = new(StringComparer.Ordinal);

    // Rebuilt on every change, read without a lock on every INVOKE.
    private volatile IReadOnlyDictionary<string, ProviderPresence[]> _byAgent = new Dictionary<string, ProviderPresence[]>();
    private long _next;

    public IEnumerable<string> Agents => _byAgent.Keys;

    public event Action<ProviderPresence>? Removed;

    public ValueTask AddAsync(ProviderPresence provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        lock (_gate)
        {
            _byConnection[provider.ConnectionId] = provider with { IsLocal = true };
            Rebuild();
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAsync(string connectionId, CancellationToken cancellationToken)
    {
        ProviderPresence? gone;
        lock (_gate)
        {
            if (!_byConnection.Remove(connectionId, out gone)) return ValueTask.CompletedTask;
            Rebuild();
        }
        Removed?.Invoke(gone);
        return ValueTask.CompletedTask;
    }

    public ProviderPresence? Pick(string agent)
    {
        if (!_byAgent.TryGetValue(agent, out var serving)) return null;
        return serving[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)serving.Length)];
    }

    private void Rebuild() =>
        _byAgent = _byConnection.Values
            .SelectMany(p => p.Agents.Select(a => (Agent: a, Provider: p)))
            .GroupBy(x => x.Agent, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Provider).ToArray(), StringComparer.Ordinal);
}
