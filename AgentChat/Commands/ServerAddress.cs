using System.Text.Json;

namespace AgentPlatform.AgentChat.Commands;

/// <summary>
/// Where a client verb connects. The reference puts the server first (<c>agentchat send ws://… #general hi</c>); here it
/// may also be left out: a first argument that is a ws:// or wss:// URL is the server, else --server, else the
/// <c>agentchat.url</c> AppHost publishes in endpoints.json, else the standalone default.
/// </summary>
public static class ServerAddress
{
    public const string Default = "ws://127.0.0.1:6667";

    /// <summary>Splits a leading server URL off the positional arguments.</summary>
    public static (string? Server, string[] Positionals) Split(IReadOnlyList<string>? args)
    {
        if (args is null || args.Count == 0) return (null, []);
        return IsUrl(args[0]) ? (args[0], [.. args.Skip(1)]) : (null, [.. args]);
    }

    public static bool IsUrl(string text) =>
        text.StartsWith("ws://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("wss://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The server to use, in the order above.</summary>
    public static Uri Resolve(string? positional, string? option, string? dataDir)
    {
        if ((positional ?? option) is { } explicitUrl) return new Uri(explicitUrl);
        var dir = dataDir ?? Environment.GetEnvironmentVariable("AGENTPLATFORM_DATA_DIR");
        if (!string.IsNullOrWhiteSpace(dir) && FromEndpoints(Path.Combine(dir, "endpoints.json")) is { } published) return published;
        return new Uri(Default);
    }

    private static Uri? FromEndpoints(string path)
    {
        if (!File.Exists(path)) return null;
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.TryGetProperty("agentchat", out var chat) && chat.TryGetProperty("url", out var url) && url.GetString() is { } text
            ? new Uri(text)
            : null;
    }
}
