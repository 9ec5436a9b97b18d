using System.Text.Json.Nodes;

namespace AgentPlatform.Relay.Acp.Agents.Platform;

/// <summary>
/// A session/request_permission sent to the client for an asp-v1 REQUEST: where its answer goes as REPLY, and its
/// params, sent again to a connection that loads or resumes the session while it waits.
/// </summary>
internal sealed record PendingPermission(PlatformPrompt Prompt, string RequestId, string Rid, JsonObject Params);
