namespace AgentPlatform.Platform.Bench;

/// <summary>
/// Counts of one run. <c>--quick</c> is a smoke run (well under two minutes of measuring); the full run stays
/// under about ten. Every loop of the run is bounded by these counts and by the time limits beside them.
/// </summary>
public sealed record BenchOptions
{
    public bool Quick { get; init; }

    public bool WriteReadme { get; init; }

    /// <summary>Sequential calls measured per latency row, after <see cref="Warmup"/> calls not measured.</summary>
    public int Calls { get; init; } = 2000;

    public int Warmup { get; init; } = 200;

    /// <summary>STREAM scenario: client connections, frames each, and provider connections (in one provider process).</summary>
    public int StreamConnections { get; init; } = 100;

    public int StreamFramesPerConnection { get; init; } = 2000;

    public int StreamProviders { get; init; } = 4;

    /// <summary>Web PubSub fan-out: group members, timed single publishes, and a burst.</summary>
    public int FanoutMembers { get; init; } = 1000;

    public int FanoutRounds { get; init; } = 30;

    /// <summary>Registry heartbeat load (Registry.Bench's runner): instances x 1/s for seconds, over connections.</summary>
    public int RegistryInstances { get; init; } = 10_000;

    public int RegistrySeconds { get; init; } = 20;

    public int RegistryConnections { get; init; } = 256;

    /// <summary>Idle asp-v1 connections held open on the Relay, opened in batches of <see cref="IdleBatch"/>.</summary>
    public int IdleConnections { get; init; } = 10_000;

    public int IdleBatch { get; init; } = 200;

    /// <summary>Wait after the idle connections are open before reading the Relay's RSS (nothing is forced inside it).</summary>
    public TimeSpan IdleSettle { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Relay.Bench (in-process figures) arguments: calls, warm-up, stream frames.</summary>
    public IReadOnlyList<string> InProcessArgs { get; init; } = ["2000", "200", "50000"];

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var quick = args.Contains("--quick");
        var write = args.Contains("--write-readme");
        var unknown = args.Where(a => a is not ("--quick" or "--write-readme")).ToList();
        if (unknown.Count > 0) throw new ArgumentException("unknown arguments: " + string.Join(' ', unknown) + " (use [--quick] [--write-readme])");
        var options = new BenchOptions { WriteReadme = write };
        return !quick ? options : options with
        {
            Quick = true,
            Calls = 300,
            Warmup = 50,
            StreamFramesPerConnection = 300,
            FanoutMembers = 200,
            FanoutRounds = 10,
            RegistryInstances = 1000,
            RegistrySeconds = 4,
            RegistryConnections = 64,
            IdleConnections = 1000,
            IdleSettle = TimeSpan.FromSeconds(3),
            InProcessArgs = ["300", "50", "5000"],
        };
    }
}
