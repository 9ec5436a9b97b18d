using System.Text;
using AgentPlatform.Relay.Core;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Relay.Tests.Core;

/// <summary>A minimal dialect: a routed message becomes the text "seq:from:group:data".</summary>
public sealed class TextDialect : IRelayDialect
{
    public string Name => "text-test";

    public bool TracksRoutedMessages => true;

    public bool Accepts(RelayConnection connection, in RelayMessage message) => message.DataType == "text";

    public OutboundFrame Encode(RelayConnection connection, in RelayMessage message, long sequence) =>
        new(Encoding.UTF8.GetBytes($"{sequence}:{message.From}:{message.Group}:{Encoding.UTF8.GetString(message.Data.Span)}"), FrameType.Text);

    public static RelayMessage Text(string s, string? from = null, string? group = null) => new(Encoding.UTF8.GetBytes(s), "text", from, group);
}
