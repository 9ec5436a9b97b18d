using AgentPlatform.Relay.Core;

namespace AgentPlatform.Relay.AspV1;

/// <summary>
/// asp-v1 as a core dialect. asp-v1 frames are addressed to one connection by the invocation they belong to, so
/// the endpoint writes them itself; routed core messages carry a complete asp-v1 frame (data type
/// <see cref="FrameDataType"/>) that is passed through with its session sequence number unset.
/// </summary>
public sealed class AspV1Dialect : IRelayDialect
{
    public const string DialectName = "asp-v1";
    public const string HubName = "asp-v1";
    public const string FrameDataType = "asp-v1.frame";

    public static AspV1Dialect Instance { get; } = new();

    public string Name => DialectName;

    public bool TracksRoutedMessages => false;

    public bool Accepts(RelayConnection connection, in RelayMessage message) => message.DataType == FrameDataType;

    public OutboundFrame Encode(RelayConnection connection, in RelayMessage message, long sequence) =>
        new(message.Data, FrameType.Binary);
}
