using System.Collections.Concurrent;
using AgentPlatform.Relay.Core;

namespace AgentPlatform.Relay.Routing.Providers;

/// <summary>
/// A direct-mode agent runtime connected to this Relay (asp-v1 HELLO with role provider). Invocations forwarded
/// to it get ids unique on this link, so two clients using the same invocation id never collide at the provider.
/// </summary>
public sealed class ProviderLink(RelayConnection connection, IReadOnlyList<string> agents)
{
    private readonly ConcurrentDictionary<string, ForwardedInvocation> _byProviderId = new(StringComparer.Ordinal);
    private long _nextId;

    public RelayConnection Connection { get; } = connection;

    public IReadOnlyList<string> Agents { get; } = agents;

    public int Inflight => _byProviderId.Count;

    /// <summary>Registers a forwarded invocation and returns the id the provider sees.</summary>
    public string Add(ForwardedInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var id = "p" + Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        invocation.ProviderId = id;
        _byProviderId[id] = invocation;
        return id;
    }

    public bool TryGet(string providerId, out ForwardedInvocation invocation) =>
        _byProviderId.TryGetValue(providerId, out invocation!);

    public bool Remove(string providerId, out ForwardedInvocation invocation) =>
        _byProviderId.TryRemove(providerId, out invocation!);

    /// <summary>Takes every invocation still in flight (the provider went away).</summary>
    public IReadOnlyList<ForwardedInvocation> DrainAll()
    {
        var all = new List<ForwardedInvocation>();
        foreach (var key in _byProviderId.Keys)
        {
            if (_byProviderId.TryRemove(key, out var inv)) all.Add(inv);
        }
        return all;
    }
}
