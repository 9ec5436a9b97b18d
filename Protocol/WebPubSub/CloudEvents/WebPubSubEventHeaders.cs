namespace AgentPlatform.Protocol.WebPubSub.CloudEvents;

/// <summary>
/// Header names of Web PubSub's CloudEvents HTTP binding (binary mode) and of the abuse-protection handshake.
/// </summary>
public static class WebPubSubEventHeaders
{
    public const string SpecVersion = "ce-specversion";
    public const string AwpsVersion = "ce-awpsversion";
    public const string Type = "ce-type";
    public const string Source = "ce-source";
    public const string Id = "ce-id";
    public const string Time = "ce-time";
    public const string Hub = "ce-hub";
    public const string ConnectionId = "ce-connectionId";
    public const string EventName = "ce-eventName";
    public const string UserId = "ce-userId";
    public const string Subprotocol = "ce-subprotocol";
    public const string ConnectionState = "ce-connectionState";
    public const string Signature = "ce-signature";
    public const string RequestOrigin = "WebHook-Request-Origin";
    public const string AllowedOrigin = "WebHook-Allowed-Origin";

    /// <summary><c>azure.webpubsub.sys.</c>: prefix of system event types.</summary>
    public const string SystemTypePrefix = "azure.webpubsub.sys.";

    /// <summary><c>azure.webpubsub.user.</c>: prefix of user event types.</summary>
    public const string UserTypePrefix = "azure.webpubsub.user.";
}
