using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentPlatform.Protocol.Agenkit;

/// <summary>
/// An agenkit <c>Message</c>: <c>{role, content, metadata, timestamp}</c>. <c>content</c> is usually a string but
/// agenkit allows any JSON value, so it is kept as a node.
/// </summary>
public sealed record AgenkitMessage(string Role, JsonNode? Content, JsonObject Metadata, string Timestamp)
{
    /// <summary>A text message stamped with <paramref name="time"/> (or now).</summary>
    public static AgenkitMessage Text(string role, string content, DateTimeOffset? time = null) =>
        new(role, JsonValue.Create(content), [], AgenkitProtocol.FormatTimestamp(time ?? DateTimeOffset.UtcNow));

    /// <summary>The content as text: the string itself, or the compact JSON of any other value ("" for null).</summary>
    public string ContentText => Content switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => Content.ToJsonString(),
    };

    /// <summary>The wire object.</summary>
    public JsonObject ToJson() => new()
    {
        ["role"] = Role,
        ["content"] = Content?.DeepClone(),
        ["metadata"] = Metadata.DeepClone(),
        ["timestamp"] = Timestamp,
    };

    /// <summary>
    /// Reads a message as agenkit's codec does: <c>role</c> (a string) and <c>content</c> are required; metadata
    /// defaults to {} and timestamp to empty. Anything else is MALFORMED_PAYLOAD, returned as <paramref name="error"/>.
    /// </summary>
    public static bool TryParse(JsonNode? node, out AgenkitMessage? message, out AgenkitError? error)
    {
        message = null;
        error = null;
        if (node is not JsonObject obj)
        {
            error = Malformed("message must be an object", "message");
            return false;
        }
        if (obj["role"] is not JsonValue role || role.GetValueKind() != JsonValueKind.String)
        {
            error = Malformed("message.role must be a string", "message.role");
            return false;
        }
        if (!obj.TryGetPropertyValue("content", out var content))
        {
            error = Malformed("message.content is missing", "message.content");
            return false;
        }
        var metadata = obj["metadata"];
        if (metadata is not null and not JsonObject)
        {
            error = Malformed("message.metadata must be an object", "message.metadata");
            return false;
        }
        var timestamp = obj["timestamp"];
        if (timestamp is not null && (timestamp is not JsonValue t || t.GetValueKind() != JsonValueKind.String))
        {
            error = Malformed("message.timestamp must be a string", "message.timestamp");
            return false;
        }
        message = new AgenkitMessage(
            role.GetValue<string>(),
            content?.DeepClone(),
            (metadata as JsonObject)?.DeepClone().AsObject() ?? [],
            timestamp?.GetValue<string>() ?? "");
        return true;
    }

    private static AgenkitError Malformed(string text, string field) =>
        new(AgenkitErrorCodes.MalformedPayload, text, new JsonObject { ["reason"] = AgenkitErrorReasons.InvalidField, ["field"] = field });
}
