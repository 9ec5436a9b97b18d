using System.Text.Json;

namespace AgentPlatform.Cli.Commands;

/// <summary>Reads the asp-v1 URL and token AppHost publishes in <c>.data/endpoints.json</c> (<c>agentSocket</c>).</summary>
public static class EndpointsFile
{
    public const string DefaultPath = ".data/endpoints.json";

    /// <summary>Where AppHost writes the file: its data dir (AGENTPLATFORM_DATA_DIR, as AppHost reads it) or the default.</summary>
    public static string ResolveDefaultPath()
    {
        var dataDir = Environment.GetEnvironmentVariable("AGENTPLATFORM_DATA_DIR");
        return string.IsNullOrWhiteSpace(dataDir) ? DefaultPath : Path.Combine(dataDir, "endpoints.json");
    }

    public static (Uri Url, string? Token)? ReadAgentSocket(string path)
    {
        if (!File.Exists(path)) return null;
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        if (!doc.RootElement.TryGetProperty("agentSocket", out var socket) || !socket.TryGetProperty("url", out var url)) return null;
        var token = socket.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return (new Uri(url.GetString()!), token);
    }
}
