namespace AgentPlatform.Protocol.AgentChat.Messages;

/// <summary><c>PING</c>.</summary>
public sealed record PingMessage : AgentChatClientMessage
{
    public override string Type => AgentChatTypes.Ping;
}
