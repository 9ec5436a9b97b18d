using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Agents;

/// <summary>The identity and input of one invocation, as every host knows it.</summary>
/// <param name="Agent">The agent name.</param>
/// <param name="Id">The invocation id the client chose in INVOKE.</param>
/// <param name="Session">The session id: the context store key, stable across reconnects.</param>
/// <param name="ConnectionId">The client's connection id.</param>
/// <param name="User">The authenticated user, when known.</param>
/// <param name="Input">The INVOKE input.</param>
/// <param name="TimeoutMs">The client's deadline, when given.</param>
public sealed record AgentCall(string Agent, string Id, string Session, string ConnectionId, string? User, MsgPackValue Input, long? TimeoutMs = null);
