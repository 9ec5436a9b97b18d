using System.Globalization;

namespace AgentPlatform.AppHost.Composition;

/// <summary>One service of the composition: what to launch, where it listens, what it is told, what it waits for.</summary>
public sealed class ServiceResource
{
    internal ServiceResource(string name, ServiceProject project, int port)
    {
        Name = name;
        Project = project;
        Port = port;
    }

    public string Name { get; }

    public ServiceProject Project { get; }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    public string HealthPath { get; internal set; } = "/health";

    /// <summary>Variables set for this service on top of AppHost's own environment, in the order they were added.</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IList<ServiceResource> References { get; } = [];

    public IList<ServiceResource> WaitsFor { get; } = [];

    public override string ToString() => Name;
}
