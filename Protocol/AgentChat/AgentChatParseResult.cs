using AgentPlatform.Protocol.AgentChat.Messages;

namespace AgentPlatform.Protocol.AgentChat;

/// <summary>One text frame, parsed: a message, or the INVALID_MSG text to answer with (the connection stays open).</summary>
public readonly record struct AgentChatParseResult(AgentChatClientMessage? Message, string? Error)
{
    public bool Success => Message is not null;

    internal static AgentChatParseResult Fail(string error) => new(null, error);
}
