namespace AgentPlatform.Protocol.AgentChat.Messages;

/// <summary><c>INVITE {channel, agent}</c>; <see cref="Agent"/> starts with <c>@</c>.</summary>
public sealed record InviteMessage(string Channel, string Agent) : AgentChatClientMessage
{
    public override string Type => AgentChatTypes.Invite;
}
