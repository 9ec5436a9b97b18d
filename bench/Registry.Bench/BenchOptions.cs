using System.Globalization;

namespace AgentPlatform.Registry.Bench;

/// <summary>
/// Command-line options: <c>--instances N --seconds S --connections C --peers baseline,memory,redis</c>; or
/// <c>--url U --key K [--label L]</c> to load a Registry that runs elsewhere (peer <c>external</c>, e.g. the
/// composed platform's, URL and registry key from its endpoints.json).
/// </summary>
internal sealed record BenchOptions(int Instances, int Seconds, int Connections, IReadOnlyList<string> Peers)
{
    /// <summary>A Registry started by someone else (no in-process app): its base URL and registry key.</summary>
    public Uri? ExternalUrl { get; init; }

    public string ExternalKey { get; init; } = string.Empty;

    public string ExternalLabel { get; init; } = "registry, external";

    public static BenchOptions Parse(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2) map[args[i].TrimStart('-')] = args[i + 1];
        int Int(string key, int fallback) => map.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var peers = map.TryGetValue("peers", out var p) ? p.Split(',', StringSplitOptions.RemoveEmptyEntries) : ["baseline", "memory", "redis"];
        if (map.TryGetValue("url", out var url)) peers = ["external"];
        return new BenchOptions(Int("instances", 10_000), Int("seconds", 60), Int("connections", 256), peers)
        {
            ExternalUrl = url is null ? null : new Uri(url),
            ExternalKey = map.GetValueOrDefault("key") ?? string.Empty,
            ExternalLabel = map.GetValueOrDefault("label") ?? "registry, external",
        };
    }
}
