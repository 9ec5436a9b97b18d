namespace AgentPlatform.Server.AgentChat;

/// <summary>What a host learns about connections (the Relay registers them in its core so the Dashboard lists them).</summary>
public interface IAgentChatConnectionObserver
{
    /// <summary>The connection was WELCOMEd as <see cref="AgentChatConnection.AgentId"/>.</summary>
    void Identified(AgentChatConnection connection);

    /// <summary>The connection ended (called once, identified or not).</summary>
    void Closed(AgentChatConnection connection, string reason);
}
