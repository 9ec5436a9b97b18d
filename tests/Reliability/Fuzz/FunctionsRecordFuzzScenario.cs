using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.Functions;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>
/// Relay-mode response streams (Functions → Relay: <c>[u32 length][MessagePack map]</c> records) read with
/// <see cref="FunctionRecordReader.TryParse"/> over a segmented buffer until it wants more; only
/// <see cref="FunctionProtocolException"/> may escape. Valid: every record read and nothing left over.
/// </summary>
public sealed class FunctionsRecordFuzzScenario : ParserFuzzScenario
{
    public override string Dialect => "relay-functions";

    public override string Name => "fuzz-functions-records";

    protected override FuzzFormat Format => new()
    {
        Name = "functions-records",
        Seeds = [.. Records().Select(FunctionRecordWriter.ToBytes), [.. Records().SelectMany(FunctionRecordWriter.ToBytes)]],
        Tokens =
        [
            [0xff, 0xff, 0xff, 0xff], [0, 0x10, 0, 0], [0, 0x10, 0, 1], [0, 0, 0, 0], [0, 0, 0, 1],
            .. FuzzTokens.MessagePack("t", "data", "tools", "rid", "kind", "code", "message", "retryable", "result", "cpuMs", "chunk", "request", "tooldef", "error"),
        ],
        Parse = input =>
        {
            var buffer = Segments.Split(input, 1 + (input.Length % 5));
            while (FunctionRecordReader.TryParse(ref buffer, out var record))
            {
                _ = FunctionRecordWriter.ToBytes(record!);
            }
            return buffer.IsEmpty;
        },
        IsProtocolError = ex => ex is FunctionProtocolException,
    };

    private static IEnumerable<FunctionRecord> Records() =>
    [
        new ChunkRecord(MsgPackValue.Map(("text", "Hel"))),
        new ChunkRecord("lo"),
        new ToolDefRecord([new ToolDefinition("search") { Description = "Web search", Schema = MsgPackValue.Map(("type", "object")) }]),
        new RequestRecord("q1", "permission", MsgPackValue.Map(("tool", "search"))),
        new ResultRecord("Hello", 4.25),
        new ResultRecord(null, null),
        new ErrorRecord(AspErrorCodes.Internal, "boom", false),
    ];
}
