using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentPlatform.Client.AgentChat.Reputation;

/// <summary>Append-only JSON lines files (receipts, proposals): one object a line; a line that is not an object is skipped on read.</summary>
public static class JsonLinesFile
{
    /// <summary>Appends one line, creating the file (mode 0600) and its folder.</summary>
    public static void Append(string path, JsonObject line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(full, options);
        stream.Write(Encoding.UTF8.GetBytes(line.Serialize() + "\n"));
    }

    /// <summary>Every object line of the file; none when it does not exist.</summary>
    public static IReadOnlyList<JsonObject> Read(string path)
    {
        if (!File.Exists(path)) return [];
        var lines = new List<JsonObject>();
        foreach (var text in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            try
            {
                if (JsonNode.Parse(text) is JsonObject line) lines.Add(line);
            }
            catch (JsonException)
            {
                // A torn or hand-edited line costs that line only.
            }
        }
        return lines;
    }
}
