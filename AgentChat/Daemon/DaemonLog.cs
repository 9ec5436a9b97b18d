using System.Text.Json.Nodes;

namespace AgentPlatform.AgentChat.Daemon;

/// <summary><c>daemon.log</c>: one JSON object a line (<c>ts</c>, <c>level</c>, <c>event</c>, fields). Message contents are never written.</summary>
public sealed class DaemonLog(string path, TimeProvider time, TextWriter? echo = null)
{
    private readonly Lock _gate = new();

    /// <summary>Writes one event.</summary>
    public void Write(string level, string name, params (string Key, JsonNode? Value)[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var line = new JsonObject { ["ts"] = time.GetUtcNow().ToString("O"), ["level"] = level, ["event"] = name };
        foreach (var (key, value) in fields) line[key] = value;
        var text = line.ToJsonString();
        lock (_gate)
        {
            PrivateFiles.Append(path, text + "\n");
            echo?.WriteLine(text);
        }
    }

    public void Info(string name, params (string Key, JsonNode? Value)[] fields) => Write("info", name, fields);

    public void Warn(string name, params (string Key, JsonNode? Value)[] fields) => Write("warn", name, fields);

    public void Error(string name, params (string Key, JsonNode? Value)[] fields) => Write("error", name, fields);
}
