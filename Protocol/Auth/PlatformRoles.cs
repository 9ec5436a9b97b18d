namespace AgentPlatform.Protocol.Auth;

/// <summary>
/// The roles a platform access token grants (docs/operations/security.md, "Identity and tokens"):
/// <c>agent.invoke</c> (any agent) or <c>agent.invoke.&lt;agent&gt;</c> (that one); <c>agent.provide</c> (serve any
/// agent as a direct-mode provider) or <c>agent.provide.&lt;agent&gt;</c>; and Web PubSub's <c>webpubsub.*</c> roles,
/// which that dialect checks itself. Matching is exact and case-sensitive.
/// </summary>
public static class PlatformRoles
{
    /// <summary>Invoke (prompt, DM) any agent.</summary>
    public const string Invoke = "agent.invoke";

    /// <summary>Register as the provider of any agent.</summary>
    public const string Provide = "agent.provide";

    /// <summary>
    /// What the shared development key stands for: every role the platform checks (the Web PubSub ones included),
    /// so development clients that still hold only the key keep working.
    /// </summary>
    public static IReadOnlyList<string> All { get; } = [Invoke, Provide, "webpubsub.joinLeaveGroup", "webpubsub.sendToGroup"];

    /// <summary>True when <paramref name="roles"/> allow invoking <paramref name="agent"/>.</summary>
    public static bool MayInvoke(IEnumerable<string> roles, string agent) => Grants(roles, Invoke, agent);

    /// <summary>True when <paramref name="roles"/> allow invoking at least one agent (some <c>agent.invoke*</c> role).</summary>
    public static bool MayInvokeAny(IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return roles.Any(r => r == Invoke || r.StartsWith(Invoke + ".", StringComparison.Ordinal));
    }

    /// <summary>True when <paramref name="roles"/> allow providing every agent in <paramref name="agents"/>.</summary>
    public static bool MayProvide(IEnumerable<string> roles, IEnumerable<string> agents)
    {
        ArgumentNullException.ThrowIfNull(agents);
        var list = roles as IReadOnlyCollection<string> ?? [.. roles ?? throw new ArgumentNullException(nameof(roles))];
        return agents.All(a => Grants(list, Provide, a));
    }

    private static bool Grants(IEnumerable<string> roles, string root, string agent)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(agent);
        foreach (var role in roles)
        {
            if (role == root) return true;
            if (role.Length == root.Length + 1 + agent.Length && role.StartsWith(root, StringComparison.Ordinal)
                && role[root.Length] == '.' && role.AsSpan(root.Length + 1).SequenceEqual(agent))
            {
                return true;
            }
        }
        return false;
    }
}
