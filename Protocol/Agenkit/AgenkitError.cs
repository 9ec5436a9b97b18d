using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentPlatform.Protocol.Agenkit;

/// <summary>The payload of an <c>error</c> envelope: <c>{error_code, error_message, error_details}</c>.</summary>
/// <param name="Code">One of <see cref="AgenkitErrorCodes"/> (a peer may send others; they are kept as sent).</param>
/// <param name="Message">Human-readable text.</param>
/// <param name="Details">Structured details; an empty object when there are none, as agenkit sends.</param>
public sealed record AgenkitError(string Code, string Message, JsonObject? Details = null)
{
    /// <summary>The payload object.</summary>
    public JsonObject ToPayload() => new()
    {
        ["error_code"] = Code,
        ["error_message"] = Message,
        ["error_details"] = Details?.DeepClone() ?? new JsonObject(),
    };

    /// <summary>Reads an error payload; a missing or mistyped field is read as agenkit's client does (defaults).</summary>
    public static AgenkitError FromPayload(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var code = payload["error_code"] is JsonValue c && c.GetValueKind() == JsonValueKind.String ? c.GetValue<string>() : AgenkitErrorCodes.InternalError;
        var message = payload["error_message"] is JsonValue m && m.GetValueKind() == JsonValueKind.String ? m.GetValue<string>() : "Unknown error";
        var details = payload["error_details"] as JsonObject;
        return new AgenkitError(code, message, details?.DeepClone().AsObject());
    }

    /// <summary>The <c>reason</c> inside the details, when there is one.</summary>
    public string? Reason => Details?["reason"] is JsonValue r && r.GetValueKind() == JsonValueKind.String ? r.GetValue<string>() : null;
}
