using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentPlatform.Protocol.Agenkit;

/// <summary>Field checks shared by the payload readers; a fault is MALFORMED_PAYLOAD naming the field.</summary>
public static class AgenkitPayloadFields
{
    /// <summary>Reads a string field; absent is an error only when <paramref name="required"/>.</summary>
    public static bool TryString(JsonObject payload, string name, bool required, out string? value, out AgenkitError? error)
    {
        ArgumentNullException.ThrowIfNull(payload);
        value = null;
        error = null;
        if (!payload.TryGetPropertyValue(name, out var node) || node is null)
        {
            if (required) error = Malformed($"payload.{name} is missing", AgenkitErrorReasons.MissingField, name);
            return !required;
        }
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
        {
            error = Malformed($"payload.{name} must be a string", AgenkitErrorReasons.InvalidField, name);
            return false;
        }
        value = v.GetValue<string>();
        return true;
    }

    /// <summary>Reads an object field, absent or null giving an empty object.</summary>
    public static bool TryObject(JsonObject payload, string name, out JsonObject value, out AgenkitError? error)
    {
        ArgumentNullException.ThrowIfNull(payload);
        error = null;
        value = [];
        var node = payload[name];
        if (node is null) return true;
        if (node is not JsonObject obj)
        {
            error = Malformed($"payload.{name} must be an object", AgenkitErrorReasons.InvalidField, name);
            return false;
        }
        value = obj.DeepClone().AsObject();
        return true;
    }

    /// <summary>A MALFORMED_PAYLOAD error naming <paramref name="field"/>.</summary>
    public static AgenkitError Malformed(string text, string reason, string field) =>
        new(AgenkitErrorCodes.MalformedPayload, text, new JsonObject { ["reason"] = reason, ["field"] = field });
}
