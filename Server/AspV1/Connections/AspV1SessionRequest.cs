namespace AgentPlatform.Server.AspV1.Connections;

/// <summary>A new session as HELLO asks for it.</summary>
/// <param name="Role">client or provider.</param>
/// <param name="Reliable">True when HELLO asked for the reliable capability.</param>
/// <param name="UserId">The authenticated user, when the host knows one.</param>
public sealed record AspV1SessionRequest(string Role, bool Reliable, string? UserId);
