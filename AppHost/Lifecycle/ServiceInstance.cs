namespace AgentPlatform.AppHost.Lifecycle;

/// <summary>What the supervisor knows of one running process of a service (a replica has its own).</summary>
internal sealed class ServiceInstance(string service, string resourceId)
{
    private const int TailLines = 40;
    private readonly Queue<string> _tail = new();
    private readonly Lock _gate = new();

    public string Service { get; } = service;

    /// <summary>Aspire's id of this instance (the name, or name-suffix for replicas); commands take it.</summary>
    public string ResourceId { get; } = resourceId;

    /// <summary>The name endpoints.json and the table use: the service, then service-2, service-3 for replicas.</summary>
    public string DisplayName { get; set; } = service;

    public int? ProcessId { get; set; }

    public string State { get; set; } = "Starting";

    public bool Healthy { get; set; }

    public bool EverHealthy { get; set; }

    public bool Restarting { get; set; }

    public int Restarts { get; set; }

    /// <summary>Restarts in a row that ended before the instance was healthy again.</summary>
    public int FailedRestarts { get; set; }

    public void AddLogLine(string line)
    {
        lock (_gate)
        {
            _tail.Enqueue(line);
            while (_tail.Count > TailLines) _tail.Dequeue();
        }
    }

    public IReadOnlyList<string> Tail()
    {
        lock (_gate) return [.. _tail];
    }
}
