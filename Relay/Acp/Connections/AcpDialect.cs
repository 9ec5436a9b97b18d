using AgentPlatform.Relay.Core;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Relay.Acp.Connections;

/// <summary>
/// ACP as a core dialect. ACP connections register in the core (hub and dialect <c>acp</c>) so that the admin API,
/// the Dashboard and admin closes see them; their traffic never travels as routed core messages (a connection talks to
/// its agent through its attachment), so the dialect accepts none.
/// </summary>
public sealed class AcpDialect : IRelayDialect
{
    public const string DialectName = "acp";
    public const string HubName = "acp";

    public string Name => DialectName;

    public bool TracksRoutedMessages => false;

    public bool Accepts(RelayConnection connection, in RelayMessage message) => false;

    public OutboundFrame Encode(RelayConnection connection, in RelayMessage message, long sequence) => new(message.Data, FrameType.Text);
}
