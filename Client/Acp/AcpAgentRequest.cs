using System.Text.Json.Nodes;

namespace AgentPlatform.Client.Acp;

/// <summary>A request the agent sent this client (session/request_permission, fs/read_text_file, …).</summary>
public sealed record AcpAgentRequest(string Method, JsonObject? Params)
{
    /// <summary><c>params.sessionId</c>, when present.</summary>
    public string? SessionId => Params?["sessionId"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
