using AgentPlatform.Relay.Core;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>
/// agenkit as a core dialect, so its connections are listed in hub <see cref="HubName"/> by /admin/connections. Every
/// frame answers a request of the same connection and is written by <see cref="AgenkitConnection"/> itself; nothing
/// routed through the core is addressed to an agenkit peer.
/// </summary>
public sealed class AgenkitDialect : IRelayDialect
{
    public const string DialectName = "agenkit";
    public const string HubName = "agenkit";

    public string Name => DialectName;

    public bool TracksRoutedMessages => false;

    public bool Accepts(RelayConnection connection, in RelayMessage message) => false;

    public OutboundFrame Encode(RelayConnection connection, in RelayMessage message, long sequence) =>
        throw new NotSupportedException("agenkit connections take no routed messages");
}
