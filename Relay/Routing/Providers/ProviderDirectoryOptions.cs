namespace AgentPlatform.Relay.Routing.Providers;

/// <summary>Provider presence across replicas (configuration section Relay:Providers).</summary>
public sealed record ProviderDirectoryOptions
{
    /// <summary>How often a replica announces its providers again (repairs a lost announcement, refreshes expiry).</summary>
    public TimeSpan AnnounceInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A provider of another replica not announced for this long is forgotten (its replica stopped).</summary>
    public TimeSpan Expiry { get; init; } = TimeSpan.FromSeconds(35);

    /// <summary>
    /// While an invocation runs at a provider of another replica, how often the Relay checks that the provider's
    /// replica still listens on the backplane: when it died or Redis went away, the invocation fails (retryable) within
    /// about this time instead of waiting out its deadline.
    /// </summary>
    public TimeSpan RouteCheckInterval { get; init; } = TimeSpan.FromSeconds(2);

    public void Validate()
    {
        if (RouteCheckInterval <= TimeSpan.Zero) throw new InvalidOperationException("Relay:Providers:RouteCheckInterval must be positive.");
        if (AnnounceInterval <= TimeSpan.Zero) throw new InvalidOperationException("Relay:Providers:AnnounceInterval must be positive.");
        // Two lost announcements in a row must not make a live provider vanish.
        if (Expiry < AnnounceInterval * 2) throw new InvalidOperationException("Relay:Providers:Expiry must be at least twice AnnounceInterval.");
    }
}
