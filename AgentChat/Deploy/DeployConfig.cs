using System.Globalization;

namespace AgentPlatform.AgentChat.Deploy;

/// <summary>
/// deploy.yaml (the seed's shape): <c>provider</c>, <c>image</c>, <c>resources {cpu, memory, storage}</c>, <c>wallet</c>,
/// <c>duration</c>, plus <c>name</c>, <c>port</c> and <c>images {sdk, runtime}</c> (the .NET base images of the
/// Dockerfile). Read by a small parser of nested <c>key: value</c> maps, which is all the file uses.
/// </summary>
public sealed record DeployConfig
{
    public string Provider { get; init; } = "docker";
    public string Name { get; init; } = "agentchat";
    public string Image { get; init; } = "agentchat:latest";
    public int Port { get; init; } = 6667;
    public string Cpu { get; init; } = "0.5";
    public string Memory { get; init; } = "512Mi";
    public string Storage { get; init; } = "1Gi";
    public string? Wallet { get; init; }
    public string Duration { get; init; } = "24h";
    public string? SdkImage { get; init; }
    public string? RuntimeImage { get; init; }

    /// <summary>The example file <c>deploy --init-config</c> writes.</summary>
    public const string Example = """
        # agentchat deploy configuration (agentchat deploy --config deploy.yaml)
        provider: akash
        name: agentchat
        image: ghcr.io/yourusername/agentchat:latest
        port: 6667
        resources:
          cpu: 0.5
          memory: 512Mi
          storage: 1Gi
        wallet: ./wallet.json
        duration: 24h
        # The .NET images the Dockerfile builds on (the SDK and the ASP.NET Core runtime, version 10.0).
        images:
          sdk: ""
          runtime: ""

        """;

    /// <summary>Parses the YAML subset; unknown keys are ignored, a malformed line is a <see cref="FormatException"/>.</summary>
    public static DeployConfig Parse(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var parents = new List<(int Indent, string Key)>();
        var number = 0;
        foreach (var raw in yaml.Split('\n'))
        {
            number++;
            var line = StripComment(raw).TrimEnd();
            if (line.Trim().Length == 0 || line.Trim() == "---") continue;
            var indent = line.Length - line.TrimStart().Length;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) throw new FormatException($"deploy.yaml line {number}: expected 'key: value'");
            var key = line[..colon].Trim();
            var value = Unquote(line[(colon + 1)..].Trim());
            while (parents.Count > 0 && parents[^1].Indent >= indent) parents.RemoveAt(parents.Count - 1);
            var path = string.Join('.', parents.Select(p => p.Key).Append(key));
            if (value.Length == 0) parents.Add((indent, key));
            else values[path] = value;
        }
        string? Get(string key) => values.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
        var defaults = new DeployConfig();
        return new DeployConfig
        {
            Provider = Get("provider") ?? defaults.Provider,
            Name = Get("name") ?? defaults.Name,
            Image = Get("image") ?? defaults.Image,
            Port = Get("port") is { } port ? int.Parse(port, NumberStyles.None, CultureInfo.InvariantCulture) : defaults.Port,
            Cpu = Get("resources.cpu") ?? defaults.Cpu,
            Memory = Get("resources.memory") ?? defaults.Memory,
            Storage = Get("resources.storage") ?? defaults.Storage,
            Wallet = Get("wallet"),
            Duration = Get("duration") ?? defaults.Duration,
            SdkImage = Get("images.sdk"),
            RuntimeImage = Get("images.runtime"),
        };
    }

    private static string StripComment(string line)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] is '"' or '\'') quoted = !quoted;
            if (line[i] == '#' && !quoted && (i == 0 || char.IsWhiteSpace(line[i - 1]))) return line[..i];
        }
        return line;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' && value[^1] == '"' || value[0] == '\'' && value[^1] == '\'') ? value[1..^1] : value;
}
