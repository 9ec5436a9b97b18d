using System.Text.Json.Nodes;

namespace AgentPlatform.Client.Acp;

/// <summary>How a prompt turn ended: <c>stopReason</c> (end_turn, cancelled, max_tokens, …) and the whole result.</summary>
public sealed record AcpPromptResult(string StopReason, JsonObject Result);
