using System.Collections;
using System.Globalization;
using AgentPlatform.AppHost.Composition;
using AgentPlatform.ServiceDefaults.Lifetime;

namespace AgentPlatform.AppHost.Running;

/// <summary>
/// The environment one service process gets: AppHost's own (so any setting passes through), minus what
/// would fight the composition, plus the composition contract (docs/operations/configuration.md).
/// </summary>
public static class ServiceEnvironment
{
    /// <summary>Inherited listening settings would compete with ASPNETCORE_URLS.</summary>
    private static readonly string[] Removed =
        ["URLS", "HTTP_PORTS", "HTTPS_PORTS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS", "ASPNETCORE_URLS"];

    /// <summary>Export every 1 s instead of 5-60 s, as Aspire does in development, so traces show up while you look.</summary>
    private static readonly (string Name, string Value)[] OtelDevelopmentDefaults =
        [("OTEL_BSP_SCHEDULE_DELAY", "1000"), ("OTEL_BLRP_SCHEDULE_DELAY", "1000"), ("OTEL_METRIC_EXPORT_INTERVAL", "1000")];

    public static Dictionary<string, string> Build(ServiceResource service, int replica, string dataDir, IDictionary inherited, int supervisorPid)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(inherited);
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in inherited)
        {
            if (e.Key is string k && e.Value is string v && !Removed.Contains(k, StringComparer.OrdinalIgnoreCase)) env[k] = v;
        }
        if (!env.ContainsKey("ASPNETCORE_ENVIRONMENT") && !env.ContainsKey("DOTNET_ENVIRONMENT"))
        {
            env["ASPNETCORE_ENVIRONMENT"] = "Development";
        }
        env["ASPNETCORE_URLS"] = service.ReplicaUrl(replica).ToString().TrimEnd('/');
        env["OTEL_SERVICE_NAME"] = service.Name;
        if (service.Replicas > 1)
        {
            var instance = "service.instance.id=" + service.ReplicaName(replica);
            env["OTEL_RESOURCE_ATTRIBUTES"] = env.TryGetValue("OTEL_RESOURCE_ATTRIBUTES", out var attrs) && attrs.Length > 0 ? attrs + "," + instance : instance;
        }
        foreach (var reference in service.References)
        {
            var urls = reference.ReplicaUrls;
            for (var i = 0; i < urls.Count; i++)
            {
                env[$"services__{reference.Name}__http__{i.ToString(CultureInfo.InvariantCulture)}"] = urls[i].ToString().TrimEnd('/');
            }
            env[$"{reference.Name.ToUpperInvariant()}_HTTP"] = urls[0].ToString().TrimEnd('/');
        }
        if (env.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"))
        {
            foreach (var (name, value) in OtelDevelopmentDefaults) env.TryAdd(name, value);
        }
        env["AgentPlatform__DataDir"] = dataDir;
        env[ParentProcess.EnvironmentVariable] = supervisorPid.ToString(CultureInfo.InvariantCulture);
        foreach (var (k, v) in service.Environment) env[k] = v;
        return env;
    }
}
