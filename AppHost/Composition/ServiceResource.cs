using System.Globalization;

namespace AgentPlatform.AppHost.Composition;

/// <summary>One service of the composition: what to launch, where it listens, what it is told, what it waits for.</summary>
public sealed class ServiceResource
{
    internal ServiceResource(string name, ServiceProject project, int port)
    {
        Name = name;
        Project = project;
        Ports.Add(port);
    }

    public string Name { get; }

    public ServiceProject Project { get; }

    /// <summary>One port per replica; the first is the service's main URL.</summary>
    public IList<int> Ports { get; } = [];

    public int Port => Ports[0];

    public int Replicas => Ports.Count;

    public Uri Url => ReplicaUrl(0);

    public IReadOnlyList<Uri> ReplicaUrls => [.. Enumerable.Range(0, Replicas).Select(ReplicaUrl)];

    public string HealthPath { get; internal set; } = "/health";

    /// <summary>Variables set for this service on top of AppHost's own environment and the references.</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Services whose URLs this one is given (<c>services__{name}__http__{replica}</c>).</summary>
    public IList<ServiceResource> References { get; } = [];

    public IList<ServiceResource> WaitsFor { get; } = [];

    /// <summary>How a replica is named in logs, the table and endpoints.json: the service name, then name-2, name-3…</summary>
    public string ReplicaName(int replica) =>
        replica == 0 ? Name : $"{Name}-{(replica + 1).ToString(CultureInfo.InvariantCulture)}";

    public Uri ReplicaUrl(int replica) => new($"http://127.0.0.1:{Ports[replica].ToString(CultureInfo.InvariantCulture)}");

    public override string ToString() => Name;
}
