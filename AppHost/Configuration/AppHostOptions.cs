using System.Globalization;

namespace AgentPlatform.AppHost.Configuration;

/// <summary>What the user asked for on the command line (or through the matching environment variables).</summary>
public sealed record AppHostOptions
{
    /// <summary>Registry on the base, then functions, relay, dashboard on the next ports.</summary>
    public const int DefaultPortBase = 5100;

    public const string DataDirVariable = "AGENTPLATFORM_DATA_DIR";
    public const string PortBaseVariable = "AGENTPLATFORM_PORT_BASE";
    public const string RedisVariable = "AGENTPLATFORM_REDIS";
    public const string ReplicasVariable = "AGENTPLATFORM_REPLICAS";
    public const string ConsoleLogsVariable = "AGENTPLATFORM_CONSOLE_LOGS";

    /// <summary>The value of <c>--redis</c> that asks AppHost to run a local redis-server (Debian's package) itself.</summary>
    public const string LocalRedis = "local";

    public const string Usage = """
        Usage: dotnet run --project AppHost [-- options]

          --data-dir DIR     data folder: keys, endpoints.json, service state   (env AGENTPLATFORM_DATA_DIR; default .data/ in the repo)
          --port-base N      registry on N, functions N+1, relay N+2, dashboard N+3; 0 picks free ports
                             (env AGENTPLATFORM_PORT_BASE; default 5100)
          --redis CONN       StackExchange.Redis connection string for scale-out stores, given to every service
                             as ConnectionStrings__redis (env AGENTPLATFORM_REDIS); "--redis local" runs
                             redis-server (Debian's package) as a resource of its own
          --replicas NAME=N  run N processes of a service behind one proxied port (repeatable;
                             env AGENTPLATFORM_REPLICAS=relay=2)
          --console-logs     also print every service's log here, prefixed by its name
                             (env AGENTPLATFORM_CONSOLE_LOGS=1); the Aspire dashboard always has them
          -h, --help         this text

        Other arguments go to Aspire (--publisher manifest --output-path FILE writes the azd manifest).
        Every environment variable set for AppHost reaches every service (Registry__HeartbeatTimeout=00:00:03).
        """;

    public required string DataDir { get; init; }

    /// <summary>Null: pick free ports.</summary>
    public int? PortBase { get; init; }

    public string? Redis { get; init; }

    public bool ShowHelp { get; init; }

    /// <summary>Print the services' logs on AppHost's console as well as in the dashboard.</summary>
    public bool ConsoleLogs { get; init; }

    /// <summary>Arguments that are not AppHost's own, handed to Aspire's builder unchanged.</summary>
    public IReadOnlyList<string> AspireArgs { get; init; } = [];

    /// <summary>Replica counts asked for by service name.</summary>
    public IReadOnlyDictionary<string, int> Replicas { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>Parses arguments over environment defaults; pure, so every rule is testable without a process.</summary>
    public static bool TryParse(IReadOnlyList<string> args, Func<string, string?> environment, string defaultDataDir,
        out AppHostOptions options, out string error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var dataDir = environment(DataDirVariable);
        var portBase = environment(PortBaseVariable);
        var redis = environment(RedisVariable);
        var help = false;
        var consoleLogs = environment(ConsoleLogsVariable) is "1" or "true";
        var aspireArgs = new List<string>();
        var replicas = new Dictionary<string, int>(StringComparer.Ordinal);
        error = string.Empty;
        options = new AppHostOptions { DataDir = defaultDataDir };
        foreach (var spec in (environment(ReplicasVariable) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryAddReplicas(spec, replicas, out error)) return false;
        }

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = arg.StartsWith("--", StringComparison.Ordinal) && eq > 0 ? arg[..eq] : arg;
            var inline = name.Length < arg.Length ? arg[(eq + 1)..] : null;
            switch (name)
            {
                case "-h" or "--help" or "-?":
                    help = true;
                    break;
                case "--console-logs":
                    consoleLogs = true;
                    break;
                case "--data-dir" or "--port-base" or "--redis" or "--replicas":
                    var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        error = $"{name} needs a value.";
                        return false;
                    }
                    if (name == "--data-dir") dataDir = value;
                    else if (name == "--port-base") portBase = value;
                    else if (name == "--redis") redis = value;
                    else if (!TryAddReplicas(value, replicas, out error)) return false;
                    break;
                default:
                    aspireArgs.Add(arg);
                    break;
            }
        }

        int? ports = DefaultPortBase;
        if (!string.IsNullOrWhiteSpace(portBase))
        {
            if (!int.TryParse(portBase, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 0 or > 65532 || n is > 0 and < 1024)
            {
                error = $"--port-base must be 0 (free ports) or a port from 1024 to 65532, not '{portBase}'.";
                return false;
            }
            ports = n == 0 ? null : n;
        }

        options = new AppHostOptions
        {
            DataDir = Path.GetFullPath(string.IsNullOrWhiteSpace(dataDir) ? defaultDataDir : dataDir),
            PortBase = ports,
            Redis = string.IsNullOrWhiteSpace(redis) ? null : redis,
            ShowHelp = help,
            ConsoleLogs = consoleLogs,
            Replicas = replicas,
            AspireArgs = aspireArgs,
        };
        return true;
    }

    private static bool TryAddReplicas(string spec, Dictionary<string, int> replicas, out string error)
    {
        error = string.Empty;
        var parts = spec.Split('=', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || parts[0].Length == 0 ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 16)
        {
            error = $"--replicas takes NAME=N with N from 1 to 16, not '{spec}'.";
            return false;
        }
        replicas[parts[0]] = n;
        return true;
    }
}
