using System.Globalization;

namespace AgentPlatform.WebPubSub.Bench;

/// <summary>Command line: --members 1000 --rounds 30 --burst 20 --events 500.</summary>
public sealed record BenchOptions(int Members, int Rounds, int Burst, int Events)
{
    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions(1000, 30, 20, 500);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var v = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--members" => o with { Members = v },
                "--rounds" => o with { Rounds = v },
                "--burst" => o with { Burst = v },
                "--events" => o with { Events = v },
                _ => throw new ArgumentException("unknown option " + args[i]),
            };
        }
        return o;
    }
}
