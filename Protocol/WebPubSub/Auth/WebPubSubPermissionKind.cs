namespace AgentPlatform.Protocol.WebPubSub.Auth;

/// <summary>The two permissions roles grant (reference-permission): joining/leaving groups and publishing to them.</summary>
public enum WebPubSubPermissionKind
{
    /// <summary><c>webpubsub.joinLeaveGroup[.&lt;group&gt;]</c>, <c>webpubsub.joinLeaveGroups.&lt;pattern&gt;</c>.</summary>
    JoinLeaveGroup,

    /// <summary><c>webpubsub.sendToGroup[.&lt;group&gt;]</c>, <c>webpubsub.sendToGroups.&lt;pattern&gt;</c>.</summary>
    SendToGroup,
}
