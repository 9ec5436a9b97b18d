namespace AgentPlatform.Relay.Core.Backplane;

/// <summary>The operations that travel between replicas (docs/protocol/relay-backplane.md).</summary>
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

    /// <summary>A replica applied the operation numbered <c>id</c> that the addressed replica asked it to acknowledge.</summary>
    Ack = 11,

    /// <summary>A provider connection (target) serving <c>agents</c> is held by <c>replica</c>; re-sent periodically.</summary>
    ProviderAnnounce = 12,

    /// <summary>The provider connection (target) held by <c>replica</c> is gone.</summary>
    ProviderWithdraw = 13,

    /// <summary>Replica <c>replica</c> started: every replica announces its providers again.</summary>
    ProviderSnapshotRequest = 14,

    /// <summary>
    /// Replica <c>replica</c> took over the reliable session of connection <c>target</c> at the owner epoch in
    /// <c>reason</c>: a replica holding it under an older epoch gives it up and forwards its output.
    /// </summary>
    SessionMoved = 15,
}
