namespace AgentPlatform.Protocol.WebPubSub.Auth;

/// <summary>
/// What a validated access token says: <c>sub</c> (user id), <c>role</c> and <c>webpubsub.group</c>, plus every
/// claim as string arrays (the shape the connect event's <c>claims</c> member carries upstream).
/// </summary>
public sealed record WebPubSubTokenClaims(
    string? UserId,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Groups,
    IReadOnlyDictionary<string, string[]> All,
    DateTimeOffset? Expires);
