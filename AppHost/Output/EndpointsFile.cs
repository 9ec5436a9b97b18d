using System.Text.Json;
using System.Text.Json.Nodes;
using AgentPlatform.AppHost.Composition;
using AgentPlatform.AppHost.Configuration;

namespace AgentPlatform.AppHost.Output;

/// <summary>
/// &lt;data-dir&gt;/endpoints.json: the one place a tool or test finds the running platform (URLs, keys,
/// process ids). Written atomically and owner-only, since it carries the development keys.
/// </summary>
public static class EndpointsFile
{
    public const string FileName = "endpoints.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject Create(IReadOnlyList<ServiceResource> services, DevelopmentKeys keys, string dataDir,
        string? webPubSubConnectionString, string? redis, IReadOnlyDictionary<string, int> processIds)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(processIds);
        var urls = new JsonObject();
        foreach (var s in services) urls[s.Name] = s.Url.ToString().TrimEnd('/');
        var pids = new JsonObject { ["apphost"] = Environment.ProcessId };
        foreach (var (name, pid) in processIds) pids[name] = pid;
        var root = new JsonObject
        {
            ["services"] = urls,
            ["keys"] = new JsonObject { ["registry"] = keys.Registry, ["admin"] = keys.Admin },
        };
        if (services.FirstOrDefault(s => s.Name == "relay") is { } relay)
        {
            var ws = new UriBuilder(relay.Url) { Scheme = "ws", Path = "/v1/agent-socket" }.Uri.ToString();
            root["agentSocket"] = new JsonObject { ["url"] = ws, ["token"] = keys.AgentSocket };
        }
        if (webPubSubConnectionString is not null)
        {
            root["webPubSub"] = new JsonObject { ["connectionString"] = webPubSubConnectionString };
        }
        if (redis is not null) root["redis"] = new JsonObject { ["connectionString"] = redis };
        if (services.Any(s => s.Replicas > 1))
        {
            var replicas = new JsonObject();
            foreach (var s in services.Where(s => s.Replicas > 1))
            {
                replicas[s.Name] = new JsonArray([.. s.ReplicaUrls.Select(u => (JsonNode?)JsonValue.Create(u.ToString().TrimEnd('/')))]);
            }
            root["replicas"] = replicas;
        }
        root["dataDir"] = dataDir;
        root["processes"] = pids;
        return root;
    }

    public static void Write(string dataDir, JsonObject contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        PrivateFile.WriteAtomically(Path.Combine(dataDir, FileName), contents.ToJsonString(Indented));
    }
}
