using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>
/// The product's own MessagePack reader (Protocol/MessagePack) on bare values: <see cref="MsgPackValue.FromRaw(ReadOnlyMemory{byte}, MessagePackReaderOptions?)"/>,
/// its JSON view and re-encoding; only <see cref="MessagePackException"/> may escape.
/// </summary>
public sealed class MessagePackFuzzScenario : ParserFuzzScenario
{
    public override string Dialect => "asp-v1";

    public override string Name => "fuzz-messagepack";

    protected override FuzzFormat Format => new()
    {
        Name = "messagepack",
        Seeds =
        [
            .. AspV1FuzzScenario.Frames().Select(f => AspV1Protocol.ToArray(f)[1..]),
            [0xc0], [0xc3], [0x7f], [0xe0], [0xcc, 0xff], [0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0], [0xcb, 0x40, 0x29, 0, 0, 0, 0, 0, 0],
            [0xa3, 0x61, 0x62, 0x63], [0xc4, 0x02, 0x01, 0x02], [0x92, 0x01, 0xa1, 0x78], [0x81, 0xa1, 0x6b, 0x90],
            [0xd6, 0xff, 0x00, 0x00, 0x00, 0x01], [0xc7, 0x03, 0x05, 0x01, 0x02, 0x03], [0xd9, 0x01, 0x41],
        ],
        Tokens = FuzzTokens.MessagePack("text", "type", "id"),
        Parse = input =>
        {
            var value = MsgPackValue.FromRaw(input);
            _ = MsgPackJson.ToJsonString(value);
            _ = value.ToBytes();
            _ = value.GetHashCode();
            return true;
        },
        IsProtocolError = ex => ex is MessagePackException,
    };
}
