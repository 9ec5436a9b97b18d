namespace AgentPlatform.Protocol.AgentChat.Messages;

/// <summary><c>LIST_AGENTS {channel}</c>.</summary>
public sealed record ListAgentsMessage(string Channel) : AgentChatClientMessage
{
    public override string Type => AgentChatTypes.ListAgents;
}
