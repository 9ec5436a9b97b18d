namespace AgentPlatform.Protocol.WebPubSub.Messages;

/// <summary><c>{"type":"pong"}</c>, the answer to a ping.</summary>
public sealed record PongMessage : WebPubSubMessage
{
    /// <summary>The one instance; a pong carries nothing.</summary>
    public static PongMessage Instance { get; } = new();
}
