namespace AgentPlatform.Protocol.WebPubSub.Auth;

/// <summary>
/// Decides whether a set of roles allows a group operation (docs/protocol/webpubsub.md §5). Roles are
/// <c>webpubsub.joinLeaveGroup</c> / <c>webpubsub.sendToGroup</c> (any group), the same with <c>.&lt;group&gt;</c>
/// (exactly that group), and <c>webpubsub.joinLeaveGroups.&lt;pattern&gt;</c> / <c>webpubsub.sendToGroups.&lt;pattern&gt;</c>
/// where <c>*</c> matches within one dot-separated segment, <c>**</c> across segments and <c>?</c> one character.
/// Matching is case-sensitive.
/// </summary>
public static class WebPubSubRoles
{
    public const string JoinLeaveGroup = "webpubsub.joinLeaveGroup";
    public const string SendToGroup = "webpubsub.sendToGroup";
    private const string JoinLeaveGroups = "webpubsub.joinLeaveGroups.";
    private const string SendToGroups = "webpubsub.sendToGroups.";

    /// <summary>The REST permission name (<c>joinLeaveGroup</c>, <c>sendToGroup</c>).</summary>
    public static string RestName(WebPubSubPermissionKind permission) =>
        permission == WebPubSubPermissionKind.JoinLeaveGroup ? "joinLeaveGroup" : "sendToGroup";

    /// <summary>Parses a REST permission name, case-insensitively.</summary>
    public static bool TryParseRestName(string? name, out WebPubSubPermissionKind permission)
    {
        permission = WebPubSubPermissionKind.JoinLeaveGroup;
        if (string.Equals(name, "joinLeaveGroup", StringComparison.OrdinalIgnoreCase)) return true;
        permission = WebPubSubPermissionKind.SendToGroup;
        return string.Equals(name, "sendToGroup", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The role string that grants <paramref name="permission"/> on one group, or on all when null.</summary>
    public static string RoleFor(WebPubSubPermissionKind permission, string? group)
    {
        var root = permission == WebPubSubPermissionKind.JoinLeaveGroup ? JoinLeaveGroup : SendToGroup;
        return group is null ? root : root + "." + group;
    }

    /// <summary>True when any role in <paramref name="roles"/> allows <paramref name="permission"/> on <paramref name="group"/>.</summary>
    public static bool Allows(IEnumerable<string> roles, WebPubSubPermissionKind permission, string group)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var exact = permission == WebPubSubPermissionKind.JoinLeaveGroup ? JoinLeaveGroup : SendToGroup;
        var wildcard = permission == WebPubSubPermissionKind.JoinLeaveGroup ? JoinLeaveGroups : SendToGroups;
        foreach (var role in roles)
        {
            if (role == exact) return true;
            if (role.Length == exact.Length + 1 + group.Length && role.StartsWith(exact, StringComparison.Ordinal)
                && role[exact.Length] == '.' && role.AsSpan(exact.Length + 1).SequenceEqual(group))
            {
                return true;
            }

            if (role.StartsWith(wildcard, StringComparison.Ordinal) && PatternMatches(role.AsSpan(wildcard.Length), group)) return true;
        }
        return false;
    }

    /// <summary>Glob match: <c>*</c> any run without '.', <c>**</c> any run, <c>?</c> one character.</summary>
    public static bool PatternMatches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        // Dynamic programming over text prefixes, one pattern token at a time: pattern x text steps at most, so a
        // hostile role cannot make matching expensive. Lengths are capped like group names.
        if (pattern.Length > 1024 || text.Length > 1024) return false;
        var current = new bool[text.Length + 1];
        var next = new bool[text.Length + 1];
        current[0] = true;
        for (var pi = 0; pi < pattern.Length; pi++)
        {
            var c = pattern[pi];
            var doubleStar = c == '*' && pi + 1 < pattern.Length && pattern[pi + 1] == '*';
            next[0] = c == '*' && current[0];
            for (var j = 1; j <= text.Length; j++)
            {
                next[j] = c switch
                {
                    '*' => current[j] || (next[j - 1] && (doubleStar || text[j - 1] != '.')),
                    '?' => current[j - 1],
                    _ => current[j - 1] && text[j - 1] == c,
                };
            }
            if (doubleStar) pi++;
            (current, next) = (next, current);
        }
        return current[text.Length];
    }
}
