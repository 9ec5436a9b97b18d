using System.Text.Json.Nodes;

namespace AgentPlatform.Protocol.Agenkit;

/// <summary>A <c>register</c> payload: <c>{agent_name, capabilities, endpoint, metadata}</c> (seed 003 §2.2).</summary>
public sealed record AgenkitRegistration(string AgentName, string Endpoint, JsonObject Capabilities, JsonObject Metadata)
{
    /// <summary>The payload object.</summary>
    public JsonObject ToPayload() => new()
    {
        ["agent_name"] = AgentName,
        ["capabilities"] = Capabilities.DeepClone(),
        ["endpoint"] = Endpoint,
        ["metadata"] = Metadata.DeepClone(),
    };

    /// <summary>Reads a register payload: agent_name and endpoint are required strings; the objects default to {}.</summary>
    public static bool TryParse(JsonObject payload, out AgenkitRegistration? registration, out AgenkitError? error)
    {
        ArgumentNullException.ThrowIfNull(payload);
        registration = null;
        if (!AgenkitPayloadFields.TryString(payload, "agent_name", required: true, out var name, out error)) return false;
        if (!AgenkitPayloadFields.TryString(payload, "endpoint", required: true, out var endpoint, out error)) return false;
        if (!AgenkitPayloadFields.TryObject(payload, "capabilities", out var capabilities, out error)) return false;
        if (!AgenkitPayloadFields.TryObject(payload, "metadata", out var metadata, out error)) return false;
        registration = new AgenkitRegistration(name!, endpoint!, capabilities, metadata);
        return true;
    }
}
