namespace AgentPlatform.Protocol.WebPubSub.CloudEvents;

/// <summary>The four kinds of upstream event.</summary>
public enum WebPubSubEventKind
{
    /// <summary><c>azure.webpubsub.sys.connect</c>: blocking; its answer accepts or rejects the client.</summary>
    Connect,

    /// <summary><c>azure.webpubsub.sys.connected</c>: not blocking.</summary>
    Connected,

    /// <summary><c>azure.webpubsub.user.&lt;event&gt;</c>: blocking; a 200 body goes back to the caller.</summary>
    User,

    /// <summary><c>azure.webpubsub.sys.disconnected</c>: not blocking.</summary>
    Disconnected,
}
