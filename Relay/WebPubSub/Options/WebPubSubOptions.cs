using AgentPlatform.Protocol.WebPubSub.Auth;

namespace AgentPlatform.Relay.WebPubSub.Options;

/// <summary>The Relay's Web PubSub face: its keys (from <c>ConnectionStrings:webpubsub</c>) and per-hub handlers.</summary>
public sealed record WebPubSubOptions
{
    /// <summary>The parsed connection string: its AccessKey signs and checks every token.</summary>
    public required WebPubSubConnectionString ConnectionString { get; init; }

    /// <summary>An optional second key (<c>WebPubSub:SecondaryAccessKey</c>), accepted and used to sign alongside the primary.</summary>
    public string? SecondaryAccessKey { get; init; }

    /// <summary>Handlers per hub name (hub names compare case-insensitively, as the service lowercases them).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<EventHandlerOptions>> Hubs { get; init; } =
        new Dictionary<string, IReadOnlyList<EventHandlerOptions>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a blocking upstream call (connect, user events) may take.</summary>
    public TimeSpan UpstreamTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a passed abuse-protection check stays valid before it is repeated.</summary>
    public TimeSpan AbuseProtectionTtl { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Sessions kept for recovery after a reliable client's socket drops.</summary>
    public TimeSpan RecoveryWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Unacked messages a reliable connection may hold before it is closed for good.</summary>
    public int MaxUnackedMessages { get; init; } = 1000;

    /// <summary>Unacked bytes a reliable connection may hold before it is closed for good.</summary>
    public long MaxUnackedBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Keys in signing order (primary first).</summary>
    public IReadOnlyList<string> AccessKeys => SecondaryAccessKey is { Length: > 0 } s ? [ConnectionString.AccessKey, s] : [ConnectionString.AccessKey];

    /// <summary>The handlers of a hub (none when the hub is not configured).</summary>
    public IReadOnlyList<EventHandlerOptions> HandlersOf(string hub) => Hubs.TryGetValue(hub, out var h) ? h : [];
}
