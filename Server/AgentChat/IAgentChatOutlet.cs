namespace AgentPlatform.Server.AgentChat;

/// <summary>How a socketless member (<see cref="IAgentChatPlatformAgents"/>) speaks: DMs to connected agents.</summary>
public interface IAgentChatOutlet
{
    /// <summary>Sends a DM <c>{from: "@" + fromName, to: recipient, content}</c>; false when <paramref name="recipient"/> is not connected.</summary>
    bool SendDirect(string fromName, string recipient, string content);
}
