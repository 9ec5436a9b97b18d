namespace AgentPlatform.Relay.Core.Backplane;

/// <summary>The core operations that travel between replicas (docs/protocol/relay-backplane.md).</summary>
public enum BackplaneOperation
{
    SendToConnection = 1,
    SendToGroup = 2,
    SendToUser = 3,
    SendToAll = 4,
    AddToGroup = 5,
    RemoveFromGroup = 6,
    AddUserToGroup = 7,
    RemoveUserFromGroup = 8,
    CloseConnection = 9,
    RemoveConnectionFromAllGroups = 10,
}
