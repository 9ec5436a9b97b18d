using System.Text.Json.Nodes;

namespace AgentPlatform.Client.AgentChat;

/// <summary>Field access on AgentChat frames (JSON objects): absent or mistyped fields read as null.</summary>
public static class Frames
{
    /// <summary>The frame's <c>type</c>.</summary>
    public static string? Type(this JsonObject frame) => frame.Text("type");

    /// <summary>A string field.</summary>
    public static string? Text(this JsonObject frame, string name)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }

    /// <summary>A numeric field.</summary>
    public static double? Number(this JsonObject frame, string name)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame[name] is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;
    }

    /// <summary>A frame of the given type with the given fields; null values are left out, as JSON.stringify leaves out undefined.</summary>
    public static JsonObject Create(string type, params (string Name, JsonNode? Value)[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var frame = new JsonObject { ["type"] = type };
        foreach (var (name, value) in fields)
        {
            if (value is not null) frame[name] = value;
        }
        return frame;
    }
}
