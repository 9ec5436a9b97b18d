namespace AgentPlatform.Relay.Routing.Providers;

/// <summary>
/// The direct-mode providers of the whole Relay cluster: a provider connected to any replica can serve a client on
/// any other. A provider is addressed only by its connection id, through the core, so where it is connected does not
/// matter to the invocation that uses it.
/// </summary>
public interface IProviderDirectory
{
    /// <summary>The agent names some provider serves, on any replica.</summary>
    IEnumerable<string> Agents { get; }

    /// <summary>Raised when a provider, on this replica or another, is gone: its invocations fail, retryable.</summary>
    event Action<ProviderPresence>? Removed;

    /// <summary>A provider connected to this replica.</summary>
    ValueTask AddAsync(ProviderPresence provider, CancellationToken cancellationToken);

    /// <summary>A provider of this replica disconnected.</summary>
    ValueTask RemoveAsync(string connectionId, CancellationToken cancellationToken);

    /// <summary>Picks a provider of <paramref name="agent"/>: one on this replica first (round-robin), else one on another.</summary>
    ProviderPresence? Pick(string agent);
}
