namespace AgentPlatform.Relay.WebPubSub.Rest;

/// <summary>The data-plane operations of <c>/api/hubs/{hub}/…</c> (2024-12-01 REST API).</summary>
public enum RestOperation
{
    SendToAll,
    SendToGroup,
    SendToUser,
    SendToConnection,
    CloseAll,
    CloseGroup,
    CloseUser,
    CloseConnection,
    ConnectionExists,
    GroupExists,
    UserExists,
    AddConnectionToGroup,
    RemoveConnectionFromGroup,
    RemoveConnectionFromAllGroups,
    AddUserToGroup,
    RemoveUserFromGroup,
    RemoveUserFromAllGroups,
    AddConnectionsToGroups,
    RemoveConnectionsFromGroups,
    ListGroupConnections,
    GrantPermission,
    RevokePermission,
    CheckPermission,
    GenerateToken,
}
