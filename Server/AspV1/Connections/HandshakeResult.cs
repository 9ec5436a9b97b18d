namespace AgentPlatform.Server.AspV1.Connections;

/// <summary>A HELLO's outcome: the session it opened or resumed, or why it was refused.</summary>
public sealed record HandshakeResult(IAspV1Connection? Connection, string? ErrorCode = null, string? ErrorMessage = null);
