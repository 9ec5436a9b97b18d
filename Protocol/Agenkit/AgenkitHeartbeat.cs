using System.Text.Json.Nodes;

namespace AgentPlatform.Protocol.Agenkit;

/// <summary>
/// A <c>heartbeat</c> payload <c>{agent_name, status}</c>, and the <c>unregister</c> payload, which is the same
/// <c>agent_name</c> without a status.
/// </summary>
public sealed record AgenkitHeartbeat(string AgentName, string Status)
{
    /// <summary>The status a heartbeat without one is read as.</summary>
    public const string Healthy = "healthy";

    /// <summary>The payload object.</summary>
    public JsonObject ToPayload() => new() { ["agent_name"] = AgentName, ["status"] = Status };

    /// <summary>Reads a heartbeat or unregister payload: agent_name is required, status defaults to "healthy".</summary>
    public static bool TryParse(JsonObject payload, out AgenkitHeartbeat? heartbeat, out AgenkitError? error)
    {
        ArgumentNullException.ThrowIfNull(payload);
        heartbeat = null;
        if (!AgenkitPayloadFields.TryString(payload, "agent_name", required: true, out var name, out error)) return false;
        if (!AgenkitPayloadFields.TryString(payload, "status", required: false, out var status, out error)) return false;
        heartbeat = new AgenkitHeartbeat(name!, status ?? Healthy);
        return true;
    }
}
