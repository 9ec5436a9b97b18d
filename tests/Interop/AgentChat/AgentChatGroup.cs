namespace AgentPlatform.Interop.AgentChat;

/// <summary>The AgentChat interop tests share one set of servers (started once, a few seconds).</summary>
[CollectionDefinition(Name)]
public sealed class AgentChatGroup : ICollectionFixture<AgentChatServers>
{
    public const string Name = "agentchat";
}
