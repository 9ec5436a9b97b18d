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

    /// <summary>When set, the browser must present this token once (<c>/login?token=</c>); empty = open (local dev, loopback only).</summary>
    public string? AccessToken { get; set; }
}
