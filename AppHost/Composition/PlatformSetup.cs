using AgentPlatform.AppHost.Configuration;

namespace AgentPlatform.AppHost.Composition;

/// <summary>
/// What is settled before Aspire's builder exists: AppHost's own options, the data dir and its development
/// keys, and the ports (fixed from the port base, so references can point both ways without waiting).
/// </summary>
public sealed class PlatformSetup
{
    public const int ExitOk = 0;
    public const int ExitServiceFailed = 1;
    public const int ExitUsage = 2;

    private PlatformSetup(AppHostOptions options, DevelopmentKeys keys, int exitCode)
    {
        Options = options;
        Keys = keys;
        ExitCode = exitCode;
        Ports = new ServicePorts(options.PortBase);
    }

    public AppHostOptions Options { get; }

    public DevelopmentKeys Keys { get; }

    public ServicePorts Ports { get; }

    /// <summary>Aspire's arguments: the ones AppHost does not know, plus the dashboard's addresses when nothing set them.</summary>
    public IReadOnlyList<string> AspireArgs { get; private set; } = [];

    /// <summary>The exit code when <see cref="TryCreate"/> returned false (help printed, or a usage error).</summary>
    public int ExitCode { get; }

    /// <summary>Parses the arguments and prepares the data dir; false (with usage printed) when AppHost should exit.</summary>
    public static bool TryCreate(string[] args, out PlatformSetup setup)
    {
        var defaultDataDir = Path.Combine(RepositoryRoot(), ".data");
        if (!AppHostOptions.TryParse(args, Environment.GetEnvironmentVariable, defaultDataDir, out var options, out var error))
        {
            Console.Error.WriteLine(error + "\n\n" + AppHostOptions.Usage);
            setup = new PlatformSetup(options, DevelopmentKeys.Generate(), ExitUsage);
            return false;
        }
        if (options.ShowHelp)
        {
            Console.Out.WriteLine(AppHostOptions.Usage);
            setup = new PlatformSetup(options, DevelopmentKeys.Generate(), ExitOk);
            return false;
        }
        try
        {
            Directory.CreateDirectory(options.DataDir);
            setup = new PlatformSetup(options, DevelopmentKeys.LoadOrCreate(options.DataDir), ExitOk);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            Console.Error.WriteLine($"Data dir {options.DataDir}: {ex.Message}");
            setup = new PlatformSetup(options, DevelopmentKeys.Generate(), ExitUsage);
            return false;
        }
        setup.AspireArgs = [.. options.AspireArgs, .. setup.AspireDashboardArgs()];
        return true;
    }

    /// <summary>
    /// The Aspire dashboard's own addresses, unless the launch profile or the environment gave them: next to
    /// the services' ports (base+10…12), or free ones with <c>--port-base 0</c>, so several AppHosts can run.
    /// Passed as configuration arguments, so nothing leaks into the environment of an in-process test host.
    /// </summary>
    private IEnumerable<string> AspireDashboardArgs()
    {
        string[] keys = ["ASPNETCORE_URLS", "ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", "ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"];
        var ports = new ServicePorts(Options.PortBase is { } b ? b + 10 : null);
        foreach (var key in keys)
        {
            var port = ports.Next();
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(key)) && !Options.AspireArgs.Any(a => a.Contains(key, StringComparison.Ordinal)))
            {
                yield return $"--{key}=http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            }
        }
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPIRE_ALLOW_UNSECURED_TRANSPORT")))
        {
            yield return "--ASPIRE_ALLOW_UNSECURED_TRANSPORT=true";
        }
    }

    /// <summary>The checkout AppHost was built from: its default data dir is <c>.data/</c> there.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AgentPlatform.sln"))) return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}
