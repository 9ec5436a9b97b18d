namespace AgentPlatform.Registry.Options;

/// <summary>Configuration section <c>Registry</c> (docs/protocol/registry.md).</summary>
public sealed class RegistryOptions
{
    public const string Section = "Registry";

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How long a stale instance stays listed (as stale) before it is removed.</summary>
    public TimeSpan RemovalDelay { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int EventHistory { get; set; } = 10_000;

    public int MaxBodyBytes { get; set; } = 64 * 1024;

    public bool AllowAnonymousWrites { get; set; }

    public string RedisPrefix { get; set; } = "ap:registry";

    /// <summary>Events a watcher may have pending before it is disconnected (it then resumes from its cursor).</summary>
    public int WatcherQueue { get; set; } = 1000;

    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    public AidOptions Aid { get; set; } = new();
}
