using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentPlatform.Client.AgentChat;

/// <summary>Field access on AgentChat frames (JSON objects): absent or mistyped fields read as null.</summary>
public static class Frames
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// One line of JSON as JavaScript writes it (no <c>\u002B</c> for <c>+</c>, non-ASCII as is; control characters,
    /// quotes and backslashes still escaped), for the wire, inbox lines, receipts and <c>listen</c>.
    /// </summary>
    public static string Serialize(this JsonNode frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame.ToJsonString(Compact);
    }

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
