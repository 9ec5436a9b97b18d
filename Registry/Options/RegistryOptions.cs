using System.ComponentModel.DataAnnotations;
using AgentPlatform.ServiceDefaults.Options;

namespace AgentPlatform.Registry.Options;

/// <summary>Configuration section <c>Registry</c> (docs/protocol/registry.md).</summary>
public sealed class RegistryOptions
{
    public const string Section = "Registry";

    [DurationRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    [DurationRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How long a stale instance stays listed (as stale) before it is removed.</summary>
    [DurationRange("00:00:00", "1.00:00:00")]
    public TimeSpan RemovalDelay { get; set; } = TimeSpan.FromSeconds(60);

    [DurationRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 10_000_000)]
    public int EventHistory { get; set; } = 10_000;

    [Range(1024, 16 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    public bool AllowAnonymousWrites { get; set; }

    [Required(AllowEmptyStrings = false)]
    public string RedisPrefix { get; set; } = "ap:registry";

    /// <summary>Events a watcher may have pending before it is disconnected (it then resumes from its cursor).</summary>
    [Range(1, 1_000_000)]
    public int WatcherQueue { get; set; } = 1000;

    [DurationRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    public AidOptions Aid { get; set; } = new();
}
