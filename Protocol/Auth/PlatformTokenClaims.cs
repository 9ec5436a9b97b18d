namespace AgentPlatform.Protocol.Auth;

/// <summary>What a validated platform access token says: who (<c>sub</c>), what they may do (<c>role</c>) and until when.</summary>
public sealed record PlatformTokenClaims(string UserId, IReadOnlyList<string> Roles, DateTimeOffset IssuedAt, DateTimeOffset Expires);
