using AgentPlatform.Relay.Core;

namespace AgentPlatform.Relay.AspV1.Connections;

/// <summary>A session opened or resumed, or the error that refused it.</summary>
public readonly record struct HandshakeResult(RelayConnection? Connection, string? ErrorCode = null, string? ErrorMessage = null);
