using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;

namespace AgentPlatform.Relay.Routing.Providers;

/// <summary>
/// The invocations this replica's clients forwarded to providers, by the id the provider sees:
/// <c>{client connection id}.{n}</c>. The client's connection id in it is how the provider's replica, wherever it is,
/// routes the provider's answers back through the core; n keeps two clients' equal invocation ids apart.
/// </summary>
public sealed class ForwardedInvocations
{
    private readonly ConcurrentDictionary<string, ProviderTarget> _byProviderId = new(StringComparer.Ordinal);
    private long _next;

    public ForwardedInvocations(IProviderDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        directory.Removed += ProviderGone;
    }

    public int Count => _byProviderId.Count;

    public string Add(string clientConnectionId, ProviderTarget target)
    {
        // The counter keeps ids unique; the random part keeps a provider from guessing the ids of invocations it is not serving.
        var id = clientConnectionId + "." + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture) + "-"
            + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        _byProviderId[id] = target;
        return id;
    }

    public bool TryGet(string providerId, out ProviderTarget target) => _byProviderId.TryGetValue(providerId, out target!);

    public void Remove(string providerId) => _byProviderId.TryRemove(providerId, out _);

    /// <summary>The client connection a provider-side id belongs to (the part before the last dot).</summary>
    public static string? ClientOf(string providerId)
    {
        var dot = providerId.LastIndexOf('.');
        return dot > 0 ? providerId[..dot] : null;
    }

    private void ProviderGone(ProviderPresence provider)
    {
        foreach (var target in _byProviderId.Values)
        {
            if (target.Provider.ConnectionId == provider.ConnectionId) target.ProviderGone();
        }
    }
}
