namespace AgentPlatform.TestSupport;

/// <summary>How <see cref="PlatformProcess"/> starts the composition.</summary>
public sealed class PlatformOptions
{
    /// <summary>Extra environment for AppHost, passed on to every service (e.g. <c>Registry__HeartbeatTimeout</c>); null removes a variable.</summary>
    public IDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>A StackExchange.Redis connection string (e.g. <see cref="RedisServer.ConnectionString"/>): AppHost's <c>--redis</c>.</summary>
    public string? Redis { get; set; }

    /// <summary>Data dir to use; default a fresh temp folder, deleted on dispose.</summary>
    public string? DataDir { get; set; }

    /// <summary>Fixed port base instead of free ports (AppHost's <c>--port-base</c>); null picks free ports.</summary>
    public int? PortBase { get; set; }

    /// <summary>Replica counts by service name (AppHost's <c>--replicas relay=2</c>); replicas show up in <see cref="PlatformEndpoints.Replicas"/>.</summary>
    public IDictionary<string, int> Replicas { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>How long to wait for endpoints.json (every service healthy).</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(120);
}
