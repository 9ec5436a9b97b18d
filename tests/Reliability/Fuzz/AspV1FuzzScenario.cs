using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>asp-v1 frames (<c>[opcode][MessagePack map]</c>) into <see cref="AspV1Protocol.Parse(ReadOnlyMemory{byte}, AspV1Options?)"/>; only <see cref="AspProtocolException"/> may escape, and what parses writes back.</summary>
public sealed class AspV1FuzzScenario : ParserFuzzScenario
{
    public override string Dialect => "asp-v1";

    public override string Name => "fuzz-asp-v1-frames";

    protected override FuzzFormat Format => new()
    {
        Name = "asp-v1",
        // The worked examples of docs/protocol/asp-v1.md (tests/Protocol.UnitTests AspV1Examples, checked byte for byte there).
        Seeds = [.. Frames().Select(AspV1Protocol.ToArray)],
        Tokens = [.. FuzzTokens.MessagePack("v", "caps", "token", "id", "agent", "input", "seq", "data", "s", "code", "message", "result", "tools", "schema", "rid", "kind", "resume", "lastSeq"),
            .. Enumerable.Range(0, 12).Select(op => new[] { (byte)op })],
        Parse = input =>
        {
            var frame = AspV1Protocol.Parse((ReadOnlyMemory<byte>)input);
            _ = AspV1Protocol.ToArray(frame);
            return true;
        },
        IsProtocolError = ex => ex is AspProtocolException,
    };

    internal static IEnumerable<AspFrame> Frames() =>
    [
        new ClientHelloFrame(1, [AspCapabilities.Reliable, AspCapabilities.Stream]) { Token = "t0k3n" },
        new ServerHelloFrame("c-7f8a", "s-1", 30000, 1048576, "r-9b2c", [AspCapabilities.Reliable, AspCapabilities.Stream]),
        new ClientHelloFrame(1, [AspCapabilities.Reliable]) { Resume = "r-9b2c", LastSeq = 41 },
        new ServerHelloFrame("c-8e01", "s-1", 30000, 1048576, "r-4d1e", [AspCapabilities.Reliable]) { Seq = 42, LastSeq = 7 },
        new ClientHelloFrame(1, []) { Role = AspRoles.Provider, Agents = ["echo"] },
        new InvokeFrame("1", "echo", MsgPackValue.Map(("text", "hi"))) { TimeoutMs = 30000 },
        new StreamFrame("1", 0, "Hel"),
        new StreamFrame("1", 1, "lo") { SessionSeq = 43 },
        new InterruptFrame("1") { Reason = "user cancelled" },
        new ToolDefFrame([new ToolDefinition("search") { Description = "Web search", Schema = MsgPackValue.Map(("type", "object")) }]) { Id = "1" },
        new CompleteFrame("1") { Result = "Hello", Metrics = new CompleteMetrics(12.5) { CpuMs = 4.25, Chunks = 2, Bytes = 7 } },
        new ErrorFrame(AspErrorCodes.UnknownAgent, "no agent named nope", false) { Id = "2" },
        ErrorFrame.For(AspErrorCodes.RateLimited, "slow down") with { RetryAfterMs = 500 },
        new RequestFrame("1", "q1", "permission", MsgPackValue.Map(("tool", "search"))),
        new ReplyFrame("1", "q1", true),
        new AckFrame(43),
    ];
}
