using AgentPlatform.Protocol.Auth;

namespace AgentPlatform.Relay.Auth;

/// <summary>
/// Who a connection or request is: the token's <c>sub</c> and <c>role</c>s, how the token came (<c>header</c>,
/// <c>subprotocol</c>, <c>query</c>, <c>hello</c>), whether it was the shared development key, and when it expires.
/// </summary>
public sealed record RelayIdentity(string UserId, IReadOnlyList<string> Roles, string Via, bool SharedKey, DateTimeOffset? Expires)
{
    /// <summary>True when the roles allow invoking <paramref name="agent"/>.</summary>
    public bool MayInvoke(string agent) => PlatformRoles.MayInvoke(Roles, agent);
}
