using AgentPlatform.AppHost.Configuration;

namespace AgentPlatform.AppHost.Composition;

/// <summary>Fluent configuration of one service, in Aspire's vocabulary and with Aspire's environment contract.</summary>
public sealed class ServiceResourceBuilder
{
    private readonly DevelopmentKeys _keys;
    private readonly PortAllocator _ports;

    internal ServiceResourceBuilder(ServiceResource resource, DevelopmentKeys keys, PortAllocator ports)
    {
        Resource = resource;
        _keys = keys;
        _ports = ports;
    }

    public ServiceResource Resource { get; }

    /// <summary>
    /// Tells this service where <paramref name="service"/> listens: <c>services__{name}__http__N</c> per
    /// replica (so <c>http://{name}</c> resolves) and <c>{NAME}_HTTP</c>. Resolved at launch, so replicas added later count.
    /// </summary>
    public ServiceResourceBuilder WithReference(ServiceResourceBuilder service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (!Resource.References.Contains(service.Resource)) Resource.References.Add(service.Resource);
        return this;
    }

    /// <summary>Runs <paramref name="count"/> processes of this service, each on its own port (scale-out with a shared store).</summary>
    public ServiceResourceBuilder WithReplicas(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, Resource.Replicas);
        while (Resource.Replicas < count) Resource.Ports.Add(_ports.Next());
        return this;
    }

    /// <summary>Gives this service <c>ConnectionStrings__{name}</c>.</summary>
    public ServiceResourceBuilder WithReference(ConnectionStringResource connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Resource.Environment[$"ConnectionStrings__{connection.Name}"] = connection.ConnectionString;
        return this;
    }

    /// <summary>Holds this service back until <paramref name="service"/> answers its health check.</summary>
    public ServiceResourceBuilder WaitFor(ServiceResourceBuilder service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (!Resource.WaitsFor.Contains(service.Resource)) Resource.WaitsFor.Add(service.Resource);
        return this;
    }

    public ServiceResourceBuilder WithEnvironment(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        Resource.Environment[name] = value;
        return this;
    }

    /// <summary>Passes the named development keys as <c>AgentPlatform__Keys__*</c>.</summary>
    public ServiceResourceBuilder WithKeys(params DevelopmentKey[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            var (name, value) = key switch
            {
                DevelopmentKey.Registry => ("Registry", _keys.Registry),
                DevelopmentKey.Admin => ("Admin", _keys.Admin),
                DevelopmentKey.AgentSocket => ("AgentSocket", _keys.AgentSocket),
                _ => throw new ArgumentOutOfRangeException(nameof(keys), key, "Unknown development key."),
            };
            Resource.Environment[$"AgentPlatform__Keys__{name}"] = value;
        }
        return this;
    }

    /// <summary>The path AppHost polls to call the service healthy (default <c>/health</c>).</summary>
    public ServiceResourceBuilder WithHttpHealthCheck(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Resource.HealthPath = path.StartsWith('/') ? path : "/" + path;
        return this;
    }
}
