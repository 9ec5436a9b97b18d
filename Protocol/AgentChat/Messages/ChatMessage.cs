namespace AgentPlatform.Protocol.AgentChat.Messages;

/// <summary>
/// <c>MSG {to, content, ts?, sig?}</c>: <see cref="To"/> is <c>#channel</c> or <c>@agent</c>. A signed message carries
/// the client's <see cref="Ts"/> (ms), which the signature covers.
/// </summary>
public sealed record ChatMessage(string To, string Content, long? Ts, string? Sig) : AgentChatClientMessage
{
    public override string Type => AgentChatTypes.Msg;
}
