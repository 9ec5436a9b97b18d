using System.Globalization;

namespace AgentPlatform.Registry.Bench;

/// <summary>Command-line options: <c>--instances N --seconds S --connections C --peers baseline,memory,redis</c>.</summary>
internal sealed record BenchOptions(int Instances, int Seconds, int Connections, IReadOnlyList<string> Peers)
{
    public static BenchOptions Parse(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2) map[args[i].TrimStart('-')] = args[i + 1];
        int Int(string key, int fallback) => map.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var peers = map.TryGetValue("peers", out var p) ? p.Split(',', StringSplitOptions.RemoveEmptyEntries) : ["baseline", "memory", "redis"];
        return new BenchOptions(Int("instances", 10_000), Int("seconds", 60), Int("connections", 256), peers);
    }
}
