using AgentPlatform.Protocol.Auth;

namespace AgentPlatform.Server.AspV1.Connections;

/// <summary>
/// What the host learned at the upgrade (or from HELLO's token): whether a valid token came, whose it is, and its
/// roles (<see cref="PlatformRoles"/>); <see cref="Roles"/> null = the host does not restrict by role.
/// </summary>
public sealed record AspV1Admission(bool Authenticated, string? UserId = null, IReadOnlyList<string>? Roles = null)
{
    public static AspV1Admission Anonymous { get; } = new(false);

    /// <summary>True when this identity may invoke <paramref name="agent"/>.</summary>
    public bool MayInvoke(string agent) => Roles is null || PlatformRoles.MayInvoke(Roles, agent);

    /// <summary>True when this identity may serve every agent of <paramref name="agents"/>.</summary>
    public bool MayProvide(IEnumerable<string> agents) => Roles is null || PlatformRoles.MayProvide(Roles, agents);
}
