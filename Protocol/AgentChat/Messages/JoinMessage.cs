namespace AgentPlatform.Protocol.AgentChat.Messages;

/// <summary><c>JOIN {channel}</c>.</summary>
public sealed record JoinMessage(string Channel) : AgentChatClientMessage
{
    public override string Type => AgentChatTypes.Join;
}
