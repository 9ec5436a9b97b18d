namespace AgentPlatform.Acp.Bench;

/// <summary>
/// Counts of one run. <c>--quick</c> is a smoke run (about a minute); the full run stays within a few minutes.
/// Every loop of the run is bounded by these counts and by the node client's own time limit.
/// </summary>
public sealed record BenchOptions
{
    public bool Quick { get; init; }

    public bool WriteReadme { get; init; }

    /// <summary>Sequential one-chunk prompts measured per latency row, after <see cref="Warmup"/> not measured.</summary>
    public int Calls { get; init; } = 2000;

    public int Warmup { get; init; } = 200;

    /// <summary>Streaming: concurrent clients, prompts each, chunks per prompt ("stream N").</summary>
    public int StreamClients { get; init; } = 10;

    public int StreamPrompts { get; init; } = 5;

    public int StreamChunks { get; init; } = 1000;

    /// <summary>
    /// Idle WebSocket connections, each with one session, held open while the Relay's RSS is read. The AcpServer gets
    /// <see cref="SdkIdleSessions"/>: it starts an agent process (some 60 MiB) per connection, so its count stays small;
    /// both figures are divided by their own count.
    /// </summary>
    public int IdleSessions { get; init; } = 1000;

    public int SdkIdleSessions { get; init; } = 100;

    /// <summary>Wait after the idle connections are open before reading RSS.</summary>
    public TimeSpan IdleSettle { get; init; } = TimeSpan.FromSeconds(5);

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new BenchOptions { WriteReadme = args.Contains("--write-readme") };
        return args.Contains("--quick")
            ? options with
            {
                Quick = true, Calls = 300, Warmup = 50, StreamClients = 4, StreamPrompts = 2, StreamChunks = 500,
                IdleSessions = 100, SdkIdleSessions = 20, IdleSettle = TimeSpan.FromSeconds(2),
            }
            : options;
    }
}
