namespace AgentPlatform.Protocol.AgentChat.Messages;

/// <summary><c>LEAVE {channel}</c>.</summary>
public sealed record LeaveMessage(string Channel) : AgentChatClientMessage
{
    public override string Type => AgentChatTypes.Leave;
}
