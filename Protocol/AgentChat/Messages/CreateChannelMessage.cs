namespace AgentPlatform.Protocol.AgentChat.Messages;

/// <summary><c>CREATE_CHANNEL {channel, invite_only?}</c> (<c>invite_only</c> by JavaScript truthiness, as 0.7.0 reads it).</summary>
public sealed record CreateChannelMessage(string Channel, bool InviteOnly) : AgentChatClientMessage
{
    public override string Type => AgentChatTypes.CreateChannel;
}
