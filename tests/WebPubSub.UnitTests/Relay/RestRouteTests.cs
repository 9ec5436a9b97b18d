using AgentPlatform.Relay.WebPubSub.Rest;

namespace AgentPlatform.WebPubSub.UnitTests.Relay;

/// <summary>Every data-plane route the official REST SDK calls, as method + path after /api/hubs/{hub}.</summary>
public class RestRouteTests
{
    public static TheoryData<string, string, RestOperation, string?, string?, string?, string?> Routes => new()
    {
        { "POST", ":send", RestOperation.SendToAll, null, null, null, null },
        { "POST", "groups/g 1/:send", RestOperation.SendToGroup, "g 1", null, null, null },
        { "POST", "users/u1/:send", RestOperation.SendToUser, null, "u1", null, null },
        { "POST", "connections/c1/:send", RestOperation.SendToConnection, null, null, "c1", null },
        { "POST", ":closeConnections", RestOperation.CloseAll, null, null, null, null },
        { "POST", "groups/g/:closeConnections", RestOperation.CloseGroup, "g", null, null, null },
        { "POST", "users/u/:closeConnections", RestOperation.CloseUser, null, "u", null, null },
        { "DELETE", "connections/c1", RestOperation.CloseConnection, null, null, "c1", null },
        { "HEAD", "connections/c1", RestOperation.ConnectionExists, null, null, "c1", null },
        { "HEAD", "groups/g", RestOperation.GroupExists, "g", null, null, null },
        { "HEAD", "users/u", RestOperation.UserExists, null, "u", null, null },
        { "PUT", "groups/g/connections/c1", RestOperation.AddConnectionToGroup, "g", null, "c1", null },
        { "DELETE", "groups/g/connections/c1", RestOperation.RemoveConnectionFromGroup, "g", null, "c1", null },
        { "DELETE", "connections/c1/groups", RestOperation.RemoveConnectionFromAllGroups, null, null, "c1", null },
        { "PUT", "users/u/groups/g", RestOperation.AddUserToGroup, "g", "u", null, null },
        { "DELETE", "users/u/groups/g", RestOperation.RemoveUserFromGroup, "g", "u", null, null },
        { "DELETE", "users/u/groups", RestOperation.RemoveUserFromAllGroups, null, "u", null, null },
        { "POST", ":addToGroups", RestOperation.AddConnectionsToGroups, null, null, null, null },
        { "POST", ":removeFromGroups", RestOperation.RemoveConnectionsFromGroups, null, null, null, null },
        { "GET", "groups/g/connections", RestOperation.ListGroupConnections, "g", null, null, null },
        { "PUT", "permissions/sendToGroup/connections/c1", RestOperation.GrantPermission, null, null, "c1", "sendToGroup" },
        { "DELETE", "permissions/joinLeaveGroup/connections/c1", RestOperation.RevokePermission, null, null, "c1", "joinLeaveGroup" },
        { "HEAD", "permissions/sendToGroup/connections/c1", RestOperation.CheckPermission, null, null, "c1", "sendToGroup" },
        { "post", ":generateToken", RestOperation.GenerateToken, null, null, null, null },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public void Maps_routes(string method, string path, RestOperation operation, string? group, string? user, string? connection, string? permission)
    {
        Assert.True(RestRoute.TryParse(method, path.Split('/'), out var route));
        Assert.Equal(new RestRoute(operation, group, user, connection, permission), route);
    }

    [Theory]
    [InlineData("GET", ":send")]
    [InlineData("POST", "groups/g")]
    [InlineData("POST", "groups/g/:nope")]
    [InlineData("PATCH", "connections/c1")]
    [InlineData("POST", "a/b/c/d/e")]
    [InlineData("POST", "")]
    public void Refuses_unknown_routes(string method, string path) =>
        Assert.False(RestRoute.TryParse(method, path.Split('/', StringSplitOptions.RemoveEmptyEntries), out _));

    [Theory]
    [InlineData(null, "c1", "u1", "g1", true)]
    [InlineData("userId eq 'u1'", "c1", "u1", "g1", true)]
    [InlineData("userId ne 'u1'", "c1", "u1", "g1", false)]
    [InlineData("'g1' in groups", "c1", null, "g1", true)]
    [InlineData("not 'g1' in groups", "c1", null, "g1", false)]
    [InlineData("userId eq 'x' or connectionId eq 'c1'", "c1", "u1", "g1", true)]
    [InlineData("userId eq 'u1' and 'g2' in groups", "c1", "u1", "g1", false)]
    [InlineData("userId eq 'vic''s'", "c1", "vic's", "g1", true)]
    public void Filters_match_connections(string? filter, string connectionId, string? userId, string group, bool matches)
    {
        Assert.True(ConnectionFilter.TryParse(filter, out var parsed, out var error), error);
        Assert.Equal(matches, parsed.Matches(connectionId, userId, [group]));
    }

    [Theory]
    [InlineData("userId eq")]
    [InlineData("length(userId) gt 3")]
    [InlineData("userId eq 'a' and")]
    [InlineData("userId eq 'unterminated")]
    public void Refuses_filters_it_cannot_evaluate(string filter) =>
        Assert.False(ConnectionFilter.TryParse(filter, out _, out _));
}
