namespace AgentPlatform.Relay.Acp.Agents.Stdio;

/// <summary>
/// One item of an attachment's outbound queue: a message for the client (with <see cref="AgentRequest"/> when it is
/// the agent's request, so an undeliverable one is answered), or the agent's end (<see cref="FailReason"/>), which
/// comes after the error responses queued before it.
/// </summary>
internal readonly record struct StdioOutbound(Protocol.Acp.JsonRpcMessage? Message, AgentRequestInFlight? AgentRequest = null, string? FailReason = null);
