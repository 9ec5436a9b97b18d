using AgentPlatform.AppHost.Configuration;
using AgentPlatform.AppHost.Running;

namespace AgentPlatform.AppHost.Composition;

/// <summary>
/// Collects the composition the way Aspire's DistributedApplication builder does: services by name and
/// project, references, waits, environment. Options, keys and ports are settled here, before any process
/// starts, so every URL and key is known up front.
/// </summary>
public sealed class PlatformBuilder
{
    private readonly List<ServiceResourceBuilder> _services = [];
    private readonly List<ConnectionStringResource> _connections = [];
    private readonly PortAllocator _ports;

    private PlatformBuilder(AppHostOptions options, DevelopmentKeys keys, string? startupError)
    {
        Options = options;
        Keys = keys;
        StartupError = startupError;
        _ports = new PortAllocator(options.PortBase);
    }

    public AppHostOptions Options { get; }

    public DevelopmentKeys Keys { get; }

    /// <summary>Set when the arguments or the data dir are unusable; the application then only reports it.</summary>
    public string? StartupError { get; }

    public static PlatformBuilder Create(string[] args)
    {
        var defaultDataDir = Path.Combine(ServiceProjects.RepositoryRoot, ".data");
        if (!AppHostOptions.TryParse(args, System.Environment.GetEnvironmentVariable, defaultDataDir, out var options, out var error))
        {
            return new PlatformBuilder(options with { ShowHelp = true }, DevelopmentKeys.Generate(), error);
        }
        if (options.ShowHelp) return new PlatformBuilder(options, DevelopmentKeys.Generate(), null);
        try
        {
            Directory.CreateDirectory(options.DataDir);
            return new PlatformBuilder(options, DevelopmentKeys.LoadOrCreate(options.DataDir), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return new PlatformBuilder(options, DevelopmentKeys.Generate(), $"Data dir {options.DataDir}: {ex.Message}");
        }
    }

    /// <summary>Adds a service listening on the next port; <paramref name="name"/> is its discovery name and OTEL_SERVICE_NAME.</summary>
    public ServiceResourceBuilder AddProject(string name, ServiceProject project)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(project);
        if (_services.Any(s => s.Resource.Name == name)) throw new ArgumentException($"Service '{name}' is already added.", nameof(name));
        var builder = new ServiceResourceBuilder(new ServiceResource(name, project, _ports.Next()), Keys, _ports);
        _services.Add(builder);
        return builder;
    }

    /// <summary>The Relay's Web PubSub face as a connection string, the form Azure's SDKs and Functions bindings take.</summary>
    public ConnectionStringResource AddWebPubSub(string name, ServiceResourceBuilder edge)
    {
        ArgumentNullException.ThrowIfNull(edge);
        var endpoint = edge.Resource.Url.ToString().TrimEnd('/');
        var connection = new ConnectionStringResource(name, $"Endpoint={endpoint};AccessKey={Keys.WebPubSubAccessKey};Version=1.0;");
        _connections.Add(connection);
        return connection;
    }

    public PlatformApplication Build()
    {
        var services = _services.Select(s => s.Resource).ToList();
        var unknown = Options.Replicas.Keys.Where(n => _services.All(s => s.Resource.Name != n)).ToList();
        foreach (var s in _services)
        {
            if (Options.Replicas.TryGetValue(s.Resource.Name, out var count) && count > s.Resource.Replicas) s.WithReplicas(count);
        }
        if (Options.Redis is { } redis)
        {
            foreach (var s in _services) s.WithReference(new ConnectionStringResource("redis", redis));
        }
        var cycle = FindWaitCycle(services);
        var error = StartupError
            ?? (cycle is null ? null : $"WaitFor cycle: {cycle}. Use WithReference without WaitFor on one side.")
            ?? (unknown.Count == 0 ? null : $"--replicas names unknown services: {string.Join(", ", unknown)}.");
        return new PlatformApplication(Options, Keys, services, _connections, error);
    }

    private static string? FindWaitCycle(List<ServiceResource> services)
    {
        var state = new Dictionary<ServiceResource, int>();
        var path = new Stack<ServiceResource>();
        string? Visit(ServiceResource s)
        {
            if (state.GetValueOrDefault(s) == 2) return null;
            if (state.GetValueOrDefault(s) == 1) return string.Join(" -> ", path.Reverse().SkipWhile(p => p != s).Append(s));
            state[s] = 1;
            path.Push(s);
            foreach (var d in s.WaitsFor)
            {
                if (Visit(d) is { } found) return found;
            }
            path.Pop();
            state[s] = 2;
            return null;
        }
        foreach (var s in services)
        {
            if (Visit(s) is { } found) return found;
        }
        return null;
    }
}
