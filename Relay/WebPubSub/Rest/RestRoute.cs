using System.Diagnostics.CodeAnalysis;

namespace AgentPlatform.Relay.WebPubSub.Rest;

/// <summary>
/// Maps a method and the path after <c>/api/hubs/{hub}</c> to an operation and its names. Pure, so every route is
/// tested without a server. Segments arrive percent-decoded.
/// </summary>
/// <param name="Operation">The operation.</param>
/// <param name="Group">The group segment, when the route has one.</param>
/// <param name="User">The user segment.</param>
/// <param name="ConnectionId">The connection segment.</param>
/// <param name="Permission">The permission segment (joinLeaveGroup, sendToGroup).</param>
public sealed record RestRoute(RestOperation Operation, string? Group = null, string? User = null, string? ConnectionId = null, string? Permission = null)
{
    /// <summary>Parses the route; false for anything the API does not define (the caller answers 404 or 405).</summary>
    public static bool TryParse(string method, IReadOnlyList<string> segments, [NotNullWhen(true)] out RestRoute? route)
    {
        ArgumentNullException.ThrowIfNull(segments);
        route = Match(method.ToUpperInvariant(), segments);
        return route is not null;
    }

    private static RestRoute? Match(string m, IReadOnlyList<string> s) => s.Count switch
    {
        1 => (m, s[0]) switch
        {
            ("POST", ":send") => new(RestOperation.SendToAll),
            ("POST", ":closeConnections") => new(RestOperation.CloseAll),
            ("POST", ":addToGroups") => new(RestOperation.AddConnectionsToGroups),
            ("POST", ":removeFromGroups") => new(RestOperation.RemoveConnectionsFromGroups),
            ("POST", ":generateToken") => new(RestOperation.GenerateToken),
            _ => null,
        },
        2 => (m, s[0]) switch
        {
            ("HEAD", "connections") => new(RestOperation.ConnectionExists, ConnectionId: s[1]),
            ("DELETE", "connections") => new(RestOperation.CloseConnection, ConnectionId: s[1]),
            ("HEAD", "groups") => new(RestOperation.GroupExists, Group: s[1]),
            ("HEAD", "users") => new(RestOperation.UserExists, User: s[1]),
            _ => null,
        },
        3 => (m, s[0], s[2]) switch
        {
            ("POST", "groups", ":send") => new(RestOperation.SendToGroup, Group: s[1]),
            ("POST", "users", ":send") => new(RestOperation.SendToUser, User: s[1]),
            ("POST", "connections", ":send") => new(RestOperation.SendToConnection, ConnectionId: s[1]),
            ("POST", "groups", ":closeConnections") => new(RestOperation.CloseGroup, Group: s[1]),
            ("POST", "users", ":closeConnections") => new(RestOperation.CloseUser, User: s[1]),
            ("DELETE", "connections", "groups") => new(RestOperation.RemoveConnectionFromAllGroups, ConnectionId: s[1]),
            ("DELETE", "users", "groups") => new(RestOperation.RemoveUserFromAllGroups, User: s[1]),
            ("GET", "groups", "connections") => new(RestOperation.ListGroupConnections, Group: s[1]),
            _ => null,
        },
        4 => (m, s[0], s[2]) switch
        {
            ("PUT", "groups", "connections") => new(RestOperation.AddConnectionToGroup, Group: s[1], ConnectionId: s[3]),
            ("DELETE", "groups", "connections") => new(RestOperation.RemoveConnectionFromGroup, Group: s[1], ConnectionId: s[3]),
            ("PUT", "users", "groups") => new(RestOperation.AddUserToGroup, User: s[1], Group: s[3]),
            ("DELETE", "users", "groups") => new(RestOperation.RemoveUserFromGroup, User: s[1], Group: s[3]),
            ("PUT", "permissions", "connections") => new(RestOperation.GrantPermission, Permission: s[1], ConnectionId: s[3]),
            ("DELETE", "permissions", "connections") => new(RestOperation.RevokePermission, Permission: s[1], ConnectionId: s[3]),
            ("HEAD", "permissions", "connections") => new(RestOperation.CheckPermission, Permission: s[1], ConnectionId: s[3]),
            _ => null,
        },
        _ => null,
    };
}
