using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.Messages;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Relay.WebPubSub.Connections;

/// <summary>Encodes the dialect's own (not routed) frames.</summary>
public static class WebPubSubFrames
{
    /// <summary>One JSON text frame.</summary>
    public static OutboundFrame Text(WebPubSubMessage message) => new(WebPubSubJsonWriter.ToArray(message), FrameType.Text);
}
