using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentPlatform.TestSupport;

/// <summary>
/// Typed view of AppHost's &lt;data-dir&gt;/endpoints.json: service URLs, development keys, the agent
/// socket, the Web PubSub connection string, process ids. <see cref="Raw"/> holds fields later issues add.
/// </summary>
public sealed class PlatformEndpoints
{
    private PlatformEndpoints(JsonObject raw)
    {
        Raw = raw;
        var services = raw["services"]?.AsObject() ?? throw new InvalidDataException("endpoints.json has no services.");
        Services = services.ToDictionary(p => p.Key, p => new Uri(p.Value!.GetValue<string>()), StringComparer.Ordinal);
        RegistryKey = raw["keys"]?["registry"]?.GetValue<string>() ?? string.Empty;
        AdminKey = raw["keys"]?["admin"]?.GetValue<string>() ?? string.Empty;
        if (raw["agentSocket"]?["url"]?.GetValue<string>() is { } ws) AgentSocketUrl = new Uri(ws);
        AgentSocketToken = raw["agentSocket"]?["token"]?.GetValue<string>() ?? string.Empty;
        WebPubSubConnectionString = raw["webPubSub"]?["connectionString"]?.GetValue<string>() ?? string.Empty;
        DataDir = raw["dataDir"]?.GetValue<string>() ?? string.Empty;
        Replicas = Services.ToDictionary(
            s => s.Key,
            s => raw["replicas"]?[s.Key]?.AsArray().Select(u => new Uri(u!.GetValue<string>())).ToList() ?? [s.Value],
            StringComparer.Ordinal);
        ProcessIds = raw["processes"]?.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<int>(), StringComparer.Ordinal)
            ?? new Dictionary<string, int>(StringComparer.Ordinal);
    }

    public JsonObject Raw { get; }

    public IReadOnlyDictionary<string, Uri> Services { get; }

    /// <summary>Every replica's URL per service (one entry unless AppHost ran it with --replicas); the first is <see cref="Services"/>' URL.</summary>
    public IReadOnlyDictionary<string, List<Uri>> Replicas { get; }

    public Uri Registry => Service("registry");

    public Uri Functions => Service("functions");

    public Uri Relay => Service("relay");

    public Uri Dashboard => Service("dashboard");

    /// <summary>Bearer key for registry writes.</summary>
    public string RegistryKey { get; }

    /// <summary>Bearer key for read-only admin APIs.</summary>
    public string AdminKey { get; }

    /// <summary><c>ws://127.0.0.1:PORT/v1/agent-socket</c>.</summary>
    public Uri? AgentSocketUrl { get; }

    public string AgentSocketToken { get; }

    /// <summary><c>Endpoint=http://127.0.0.1:PORT;AccessKey=…;Version=1.0;</c></summary>
    public string WebPubSubConnectionString { get; }

    public string WebPubSubAccessKey => ConnectionStringField(WebPubSubConnectionString, "AccessKey");

    public Uri? WebPubSubEndpoint => ConnectionStringField(WebPubSubConnectionString, "Endpoint") is { Length: > 0 } e ? new Uri(e) : null;

    public string DataDir { get; }

    /// <summary>Process ids by name ("apphost", "registry", "relay-2" for a second replica…), as of the last write (restarts rewrite the file).</summary>
    public IReadOnlyDictionary<string, int> ProcessIds { get; }

    public Uri Service(string name) =>
        Services.TryGetValue(name, out var url) ? url : throw new KeyNotFoundException($"endpoints.json has no service '{name}'.");

    public static PlatformEndpoints Parse(string json)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("endpoints.json is not a JSON object.");
        return new PlatformEndpoints(node);
    }

    public static PlatformEndpoints Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Reads the file if it exists and is complete; AppHost writes it atomically, so a partial read means "not yet".</summary>
    public static bool TryLoad(string path, out PlatformEndpoints? endpoints)
    {
        endpoints = null;
        try
        {
            if (!File.Exists(path)) return false;
            endpoints = Load(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or JsonException or InvalidDataException)
        {
            return false;
        }
    }

    private static string ConnectionStringField(string connectionString, string key)
    {
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && string.Equals(part[..eq].Trim(), key, StringComparison.OrdinalIgnoreCase)) return part[(eq + 1)..];
        }
        return string.Empty;
    }

    public override string ToString() =>
        string.Join(", ", Services.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key}={s.Value}")));
}
