namespace AgentPlatform.AppHost.Lifecycle;

/// <summary>What the composition decided (service ports, replicas, connection strings) and how the run ended.</summary>
public sealed class PlatformState
{
    private readonly List<ServicePort> _services = [];

    public IReadOnlyList<ServicePort> Services => _services;

    /// <summary>The Redis connection string every service got, when Redis is part of the composition.</summary>
    public string? Redis { get; set; }

    public string? WebPubSubConnectionString { get; set; }

    /// <summary>The Relay's agenkit endpoints (unix://…, tcp://…) when its listener is configured.</summary>
    public (string Unix, string Tcp)? Agenkit { get; set; }

    public int ExitCode { get; set; }

    public void AddService(string name, int port, int replicas) => _services.Add(new ServicePort(name, port, replicas));

    /// <summary>The public URL of a service (127.0.0.1, its fixed port).</summary>
    public Uri ServiceUrl(string name) =>
        new($"http://127.0.0.1:{(_services.FirstOrDefault(s => s.Name == name) ?? throw new KeyNotFoundException(name)).Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
}

/// <summary>One service's public port and replica count.</summary>
public sealed record ServicePort(string Name, int Port, int Replicas);
