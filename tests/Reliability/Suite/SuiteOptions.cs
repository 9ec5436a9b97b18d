using System.Globalization;

namespace AgentPlatform.Reliability.Suite;

/// <summary>The suite's command line: <c>[--quick] [--only NAME[,NAME]] [--soak DURATION] [--fuzz-frames N] [--disconnects N] [--json PATH]</c>.</summary>
public sealed class SuiteOptions
{
    /// <summary>CI sizes: fewer fuzzed frames, a short soak; disconnect counts stay as the issue asks.</summary>
    public bool Quick { get; init; }

    /// <summary>Scenario names, dialects or kinds to run; empty runs all.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    /// <summary>Forced disconnects per reliable dialect.</summary>
    public int Disconnects { get; init; } = 100;

    /// <summary>Fuzzed frames per wire format (pure parsers).</summary>
    public long FuzzFrames { get; init; } = 1_000_000;

    /// <summary>The soak's length (at most 30 minutes).</summary>
    public TimeSpan Soak { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Where the machine-readable results go (besides the printed table); null: nowhere.</summary>
    public string? JsonPath { get; init; }

    public static readonly TimeSpan MaxSoak = TimeSpan.FromMinutes(30);

    public bool Selects(IReliabilityScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return Only.Count == 0 || Only.Any(o => string.Equals(o, scenario.Name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(o, scenario.Dialect, StringComparison.OrdinalIgnoreCase) || string.Equals(o, scenario.Kind, StringComparison.OrdinalIgnoreCase));
    }

    public static bool TryParse(IReadOnlyList<string> args, out SuiteOptions options, out string error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var quick = args.Contains("--quick");
        List<string> only = [];
        int disconnects = 100;
        long fuzz = quick ? 20_000 : 1_000_000;
        var soak = quick ? TimeSpan.FromSeconds(30) : TimeSpan.FromMinutes(5);
        string? json = null;
        options = new SuiteOptions();
        error = "";
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--quick") continue;
            if (i + 1 >= args.Count)
            {
                error = $"{a} needs a value (or is unknown).";
                return false;
            }
            var v = args[++i];
            switch (a)
            {
                case "--only": only.AddRange(v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
                case "--disconnects" when int.TryParse(v, CultureInfo.InvariantCulture, out var d) && d > 0: disconnects = d; break;
                case "--fuzz-frames" when long.TryParse(v, CultureInfo.InvariantCulture, out var f) && f > 0: fuzz = f; break;
                case "--soak" when TryDuration(v, out var s) && s > TimeSpan.Zero && s <= MaxSoak: soak = s; break;
                case "--json": json = v; break;
                default:
                    error = $"'{a} {v}' is not understood (--soak is at most 30m).";
                    return false;
            }
        }
        options = new SuiteOptions { Quick = quick, Only = only, Disconnects = disconnects, FuzzFrames = fuzz, Soak = soak, JsonPath = json };
        return true;
    }

    /// <summary>90s, 5m, 1h or a TimeSpan (00:05:00).</summary>
    public static bool TryDuration(string text, out TimeSpan value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        if (text.Length > 1 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            switch (text[^1])
            {
                case 's': value = TimeSpan.FromSeconds(n); return true;
                case 'm': value = TimeSpan.FromMinutes(n); return true;
                case 'h': value = TimeSpan.FromHours(n); return true;
            }
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }
}
