using System.ComponentModel.DataAnnotations;
using AgentPlatform.ServiceDefaults.Options;

namespace AgentPlatform.Dashboard.Hosting;

/// <summary>The <c>Dashboard:*</c> settings (docs/operations/dashboard.md).</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Width of one plot bucket.</summary>
    [DurationRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan SeriesInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How much history the plots keep in memory.</summary>
    [DurationRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan SeriesWindow { get; set; } = TimeSpan.FromMinutes(15);

    [DurationRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(2);

    [DurationRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often heartbeat times are re-read (the watch stream does not carry plain heartbeats).</summary>
    [DurationRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan HeartbeatRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Timeout of one poll or proxied read.</summary>
    [DurationRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The login credential: when set, the browser logs in with it (form at <c>/login</c>, or the one-time link
    /// <c>/login?t=</c>) and API clients may send it as a Bearer token; empty = no login (local dev, loopback only).
    /// </summary>
    public string? AccessToken { get; set; }

    /// <summary>How long a login lasts without use (sliding).</summary>
    [DurationRange("00:01:00", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Login attempts (right or wrong) one client address may make per minute.</summary>
    [Range(1, 10_000)]
    public int LoginAttemptsPerMinute { get; set; } = 10;
}
