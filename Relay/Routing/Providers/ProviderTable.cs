using System.Collections.Concurrent;

namespace AgentPlatform.Relay.Routing.Providers;

/// <summary>The provider links connected to this Relay, by agent name; picks round-robin among them.</summary>
public sealed class ProviderTable
{
    private readonly ConcurrentDictionary<string, ImmutableLinks> _byAgent = new(StringComparer.Ordinal);
    private long _next;

    public void Add(ProviderLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        foreach (var agent in link.Agents)
        {
            _byAgent.AddOrUpdate(agent, _ => new([link]), (_, old) => new([.. old.Links, link]));
        }
    }

    public void Remove(ProviderLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        foreach (var agent in link.Agents)
        {
            _byAgent.AddOrUpdate(agent, _ => new([]), (_, old) => new([.. old.Links.Where(l => l != link)]));
        }
    }

    public ProviderLink? Pick(string agent)
    {
        if (!_byAgent.TryGetValue(agent, out var links) || links.Links.Length == 0) return null;
        var n = Interlocked.Increment(ref _next);
        return links.Links[(int)(n % links.Links.Length)];
    }

    public IEnumerable<string> Agents => _byAgent.Where(kv => kv.Value.Links.Length > 0).Select(kv => kv.Key);

    private sealed record ImmutableLinks(ProviderLink[] Links);
}
