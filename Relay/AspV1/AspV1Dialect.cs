using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Routing.Providers;
using AgentPlatform.Server.AspV1.Connections;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Relay.AspV1;

/// <summary>
/// asp-v1 as a core dialect. asp-v1 frames are addressed to one connection by the invocation they belong to, so the
/// engine writes them itself; routed core messages carry either a complete frame for the socket (data type
/// <see cref="FrameDataType"/>, written with its session sequence number unset: frames to providers) or a provider's
/// frame on its way back to a forwarded invocation (<see cref="ProviderFrameDataType"/>), which is consumed here.
/// </summary>
public sealed class AspV1Dialect(ForwardedInvocations forwarded) : IRelayDialect
{
    public const string DialectName = "asp-v1";
    public const string HubName = "asp-v1";
    public const string FrameDataType = "asp-v1.frame";
    public const string ProviderFrameDataType = "asp-v1.provider-frame";

    private static readonly AspV1Options ParseOptions = new();

    // Frames the server itself encoded (on another replica): bounded by the outbox, not by the client's frame limit.
    private static readonly AspV1Options ServerFrameOptions = new() { MaxFrameSize = 64 << 20 };

    public string Name => DialectName;

    public bool TracksRoutedMessages => false;

    public bool Accepts(RelayConnection connection, in RelayMessage message) => message.DataType == FrameDataType;

    public OutboundFrame Encode(RelayConnection connection, in RelayMessage message, long sequence) =>
        new(message.Data, FrameType.Binary);

    /// <summary>A session frame forwarded by the session's previous owner: written again with this replica's number.</summary>
    public OutboundFrame Resequence(RelayConnection connection, OutboundFrame frame, long sequence)
    {
        try
        {
            return AspFrameSender.Encode(AspV1Protocol.Parse(frame.Payload, ServerFrameOptions), sequence > 0 ? (ulong)sequence : null);
        }
        catch (AspProtocolException)
        {
            // Encoded by a replica of this very code: cannot happen short of corruption; the bytes go out unchanged.
            return frame;
        }
    }

    public bool Intercepts(RelayConnection connection, in RelayMessage message)
    {
        if (message.DataType != ProviderFrameDataType) return false;
        try
        {
            var frame = AspV1Protocol.Parse(message.Data, ParseOptions);
            if (AspV1Protocol.InvocationIdOf(frame) is { } id && forwarded.TryGet(id, out var target) && target.Provider.ConnectionId == message.From)
            {
                target.Post(frame);
            }
        }
        catch (AspProtocolException)
        {
            // The provider's replica parsed it already; a frame damaged on the way is dropped like an unknown one.
        }
        return true;
    }
}
