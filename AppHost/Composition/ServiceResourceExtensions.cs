using System.Globalization;

namespace AgentPlatform.AppHost.Composition;

/// <summary>The platform's per-service conventions, as Aspire resource-builder extensions.</summary>
public static class ServiceResourceExtensions
{
    /// <summary>
    /// The service's public HTTP endpoint on its fixed port (base + n in declaration order). Not proxied: a
    /// call between services (relay → functions above all) goes straight to the process, without the extra
    /// hop of DCP's proxy. With <c>--replicas NAME=N</c> the port is proxied instead, the proxy spreading
    /// connections over the replicas.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServiceEndpoint(this IResourceBuilder<ProjectResource> service, AgentPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(platform);
        var name = service.Resource.Name;
        var port = platform.Setup.Ports.Next();
        var replicas = platform.Options.Replicas.GetValueOrDefault(name, 1);
        platform.State.AddService(name, port, replicas);
        service.WithEndpoint("http", e =>
        {
            e.UriScheme = "http";
            e.Port = port;
            e.IsProxied = replicas > 1;
            // IPv4 loopback only, as endpoints.json says: "localhost" would bind ::1 as well and quietly
            // fall back to it when 127.0.0.1's port is taken.
            e.TargetHost = "127.0.0.1";
            if (replicas == 1) e.TargetPort = port;
        }, createIfNotExists: true);
        // The local data dir (SQLite stores, keys) means nothing to a deployed service: run mode only.
        if (service.ApplicationBuilder.ExecutionContext.IsRunMode) service.WithEnvironment("AgentPlatform__DataDir", platform.Options.DataDir);
        // AppHost is the local composition: the Relay runs as Development there, so the development key in endpoints.json
        // is accepted as a token (Relay:Auth:AllowSharedKey's default; docs/operations/security.md).
        if (service.ApplicationBuilder.ExecutionContext.IsRunMode && name == "relay") service.WithEnvironment("DOTNET_ENVIRONMENT", "Development");
        if (replicas > 1) service.WithReplicas(replicas);
        return service;
    }

    /// <summary>Passes development keys as <c>AgentPlatform__Keys__{Name}</c> (secret parameters, never logged).</summary>
    public static IResourceBuilder<ProjectResource> WithKeys(this IResourceBuilder<ProjectResource> service,
        params (string Name, IResourceBuilder<ParameterResource> Key)[] keys)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var (name, key) in keys) service.WithEnvironment($"AgentPlatform__Keys__{name}", key);
        return service;
    }

    /// <summary><c>ConnectionStrings__redis</c> when Redis is part of the composition (scale-out stores and backplane).</summary>
    public static IResourceBuilder<ProjectResource> WithRedis(this IResourceBuilder<ProjectResource> service,
        IResourceBuilder<IResourceWithConnectionString>? redis)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (redis is null) return service;
        service.WithReference(redis);
        if (redis.ApplicationBuilder.Resources.OfType<ExecutableResource>().FirstOrDefault(r => r.Name == "redis-server") is { } server)
        {
            service.WaitFor(redis.ApplicationBuilder.CreateResourceBuilder(server));
        }
        return service;
    }

    internal static string Invariant(this int value) => value.ToString(CultureInfo.InvariantCulture);
}
