using System.Text.Json;
using System.Text.Json.Nodes;
using AgentPlatform.AppHost.Configuration;
using AgentPlatform.AppHost.Lifecycle;

namespace AgentPlatform.AppHost.Output;

/// <summary>
/// &lt;data-dir&gt;/endpoints.json: the one place a tool or test finds the running platform (URLs, keys,
/// process ids). Written atomically and owner-only, since it carries the development keys. Its fields are
/// a contract (docs/operations/apphost.md): add, never rename.
/// </summary>
public static class EndpointsFile
{
    public const string FileName = "endpoints.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject Create(PlatformState state, DevelopmentKeys keys, string dataDir,
        IReadOnlyDictionary<string, int> processIds, string? aspireDashboard)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(processIds);
        var urls = new JsonObject();
        foreach (var s in state.Services) urls[s.Name] = state.ServiceUrl(s.Name).ToString().TrimEnd('/');
        var pids = new JsonObject { ["apphost"] = Environment.ProcessId };
        foreach (var (name, pid) in processIds.OrderBy(p => p.Key, StringComparer.Ordinal)) pids[name] = pid;
        var root = new JsonObject
        {
            ["services"] = urls,
            ["keys"] = new JsonObject { ["registry"] = keys.Registry, ["admin"] = keys.Admin },
        };
        if (state.Services.Any(s => s.Name == "relay"))
        {
            var ws = new UriBuilder(state.ServiceUrl("relay")) { Scheme = "ws", Path = "/v1/agent-socket" }.Uri.ToString();
            root["agentSocket"] = new JsonObject { ["url"] = ws, ["token"] = keys.AgentSocket };
            // ACP clients (the ACP SDK's WebSocket client, IDEs) reach the default agent here with the same token.
            var acp = new UriBuilder(state.ServiceUrl("relay")) { Scheme = "ws", Path = "/acp" }.Uri.ToString();
            root["acp"] = new JsonObject { ["url"] = acp, ["token"] = keys.AgentSocket };
            // AgentChat: open, the protocol has no token (identities are keys).
            root["agentchat"] = new JsonObject { ["url"] = new UriBuilder(state.ServiceUrl("relay")) { Scheme = "ws", Path = "/agentchat" }.Uri.ToString() };
        }
        if (state.Services.Any(s => s.Name == "dashboard"))
        {
            // The Dashboard's login credential is the admin key; this one-time link logs a browser in and strips itself.
            var dashboard = state.ServiceUrl("dashboard").ToString().TrimEnd('/');
            root["dashboard"] = new JsonObject { ["url"] = dashboard, ["loginUrl"] = dashboard + "/login?t=" + Uri.EscapeDataString(keys.Admin) };
        }
        if (state.WebPubSubConnectionString is { } webPubSub)
        {
            root["webPubSub"] = new JsonObject { ["connectionString"] = webPubSub };
        }
        if (state.Agenkit is { } agenkit) root["agenkit"] = new JsonObject { ["unix"] = agenkit.Unix, ["tcp"] = agenkit.Tcp };
        if (state.Redis is { } redis) root["redis"] = new JsonObject { ["connectionString"] = redis };
        if (aspireDashboard is not null) root["aspireDashboard"] = new JsonObject { ["url"] = aspireDashboard };
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
