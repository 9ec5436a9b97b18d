using System.Text.Json.Nodes;

namespace AgentPlatform.Protocol.Agenkit;

/// <summary>The known fields of a <c>request</c> payload; the rest of it stays in <see cref="Payload"/>.</summary>
public sealed record AgenkitRequest(string Method, string? AgentName, JsonObject Payload)
{
    /// <summary>Reads a request payload: <c>method</c> must be a string, <c>agent_name</c> a string when present.</summary>
    public static bool TryParse(JsonObject payload, out AgenkitRequest? request, out AgenkitError? error)
    {
        ArgumentNullException.ThrowIfNull(payload);
        request = null;
        if (!AgenkitPayloadFields.TryString(payload, "method", required: true, out var method, out error)) return false;
        if (!AgenkitPayloadFields.TryString(payload, "agent_name", required: false, out var agentName, out error)) return false;
        request = new AgenkitRequest(method!, agentName, payload);
        return true;
    }

    /// <summary>Reads the <c>message</c> of a process or stream request.</summary>
    public bool TryGetMessage(out AgenkitMessage? message, out AgenkitError? error) =>
        AgenkitMessage.TryParse(Payload["message"], out message, out error);
}
