using System.Text.Json.Nodes;

namespace AgentPlatform.Relay.Acp.Agents.Stdio;

/// <summary>An agent→client request the owning client has not answered yet: its id on each side.</summary>
internal sealed record AgentRequestInFlight(StdioAttachment Attachment, long ClientId, string ClientIdKey, JsonNode? AgentId, string AgentIdKey);
