using AgentPlatform.Relay.Core;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Relay.AgentChat;

/// <summary>
/// The core's view of AgentChat connections: they are registered (hub and dialect "agentchat") so the admin API and
/// the Dashboard list them, but the AgentChat engine does its own routing, so the core routes nothing to them.
/// </summary>
public sealed class AgentChatRelayDialect : IRelayDialect
{
    public const string DialectName = "agentchat";

    /// <summary>The hub every AgentChat connection is registered in.</summary>
    public const string HubName = "agentchat";

    public string Name => DialectName;

    public bool TracksRoutedMessages => false;

    public bool Accepts(RelayConnection connection, in RelayMessage message) => false;

    public OutboundFrame Encode(RelayConnection connection, in RelayMessage message, long sequence) =>
        throw new NotSupportedException("the core routes nothing to AgentChat connections (Accepts is false)");
}
