namespace AgentPlatform.Protocol.AgentChat.Messages;

/// <summary><c>LIST_CHANNELS</c>.</summary>
public sealed record ListChannelsMessage : AgentChatClientMessage
{
    public override string Type => AgentChatTypes.ListChannels;
}
