namespace AgentPlatform.Server.AgentChat;

/// <summary>
/// Agents that are members of the AgentChat world without a socket of their own (the platform's agents, on the
/// Relay). A DM to <c>@name</c> that no connected agent holds goes to <see cref="Deliver"/>; their answers come back
/// through <see cref="IAgentChatOutlet"/>. <c>#agents</c> lists them.
/// </summary>
public interface IAgentChatPlatformAgents
{
    /// <summary>The names (without <c>@</c>) to list as members of <c>#agents</c>.</summary>
    IReadOnlyCollection<string> Names { get; }

    /// <summary>True when <paramref name="name"/> (without <c>@</c>) is such an agent now.</summary>
    bool Knows(string name);

    /// <summary>A DM from a connected agent (<paramref name="from"/> with <c>@</c>) to agent <paramref name="name"/>; must not block.</summary>
    void Deliver(string from, string name, string content, IAgentChatOutlet outlet);

    /// <summary>The connected agent <paramref name="agentId"/> left: what runs on its behalf may stop.</summary>
    void Disconnected(string agentId);
}
