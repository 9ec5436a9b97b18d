using System.Globalization;

namespace AgentPlatform.AgentChat.Bench;

/// <summary>Command line: <c>--members 100 --rounds 300 --burst 2000 [--peers floor,engine,relay] [--write-readme]</c>.</summary>
public sealed record BenchOptions(int Members, int Rounds, int Burst, bool WriteReadme)
{
    /// <summary>The peers measured (all three by default; the README is only written for a full run).</summary>
    public IReadOnlySet<string> Peers { get; init; } = new HashSet<string>(["floor", "engine", "relay"]);

    /// <summary>Rounds sent and awaited before any is timed (connections and code paths warm).</summary>
    public int Warmup => Math.Max(20, Rounds / 10);

    public static BenchOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new BenchOptions(100, 300, 2000, false);
        for (var i = 0; i < args.Length; i++)
        {
            o = args[i] switch
            {
                "--members" => o with { Members = Int(args, ++i, 2, 2000) },
                "--rounds" => o with { Rounds = Int(args, ++i, 10, 100_000) },
                "--burst" => o with { Burst = Int(args, ++i, 10, 1_000_000) },
                "--write-readme" => o with { WriteReadme = true },
                "--peers" when i + 1 < args.Length => o with { Peers = new HashSet<string>(args[++i].Split(',')) },
                _ => throw new ArgumentException("unknown argument " + args[i] + " (--members N --rounds N --burst N --peers floor,engine,relay --write-readme)"),
            };
        }
        return o;
    }

    private static int Int(string[] args, int i, int min, int max)
    {
        if (i >= args.Length || !int.TryParse(args[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
        {
            throw new ArgumentException($"{args[i - 1]} takes an integer in [{min}, {max}]");
        }
        return v;
    }
}
