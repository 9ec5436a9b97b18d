using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.UnitTests.AspV1;

/// <summary>
/// The worked examples of docs/protocol/asp-v1.md, by name. The spec shows each one's bytes; SpecExamplesTests
/// checks that the spec's bytes are exactly what these frames encode to and parse from.
/// </summary>
public static class AspV1Examples
{
    public static IReadOnlyList<(string Name, AspFrame Frame)> All { get; } =
    [
        ("hello-client", new ClientHelloFrame(1, [AspCapabilities.Reliable, AspCapabilities.Stream]) { Token = "t0k3n" }),
        ("hello-server", new ServerHelloFrame("c-7f8a", "s-1", 30000, 1048576, "r-9b2c", [AspCapabilities.Reliable, AspCapabilities.Stream])),
        ("hello-client-resume", new ClientHelloFrame(1, [AspCapabilities.Reliable]) { Resume = "r-9b2c", LastSeq = 41 }),
        ("hello-server-resume", new ServerHelloFrame("c-8e01", "s-1", 30000, 1048576, "r-4d1e", [AspCapabilities.Reliable]) { Seq = 42, LastSeq = 7 }),
        ("hello-provider", new ClientHelloFrame(1, []) { Role = AspRoles.Provider, Agents = ["echo"] }),
        ("invoke", new InvokeFrame("1", "echo", MsgPackValue.Map(("text", "hi"))) { TimeoutMs = 30000 }),
        ("stream", new StreamFrame("1", 0, "Hel")),
        ("stream-reliable", new StreamFrame("1", 1, "lo") { SessionSeq = 43 }),
        ("interrupt", new InterruptFrame("1") { Reason = "user cancelled" }),
        ("tool-def", new ToolDefFrame([new ToolDefinition("search") { Description = "Web search", Schema = MsgPackValue.Map(("type", "object")) }]) { Id = "1" }),
        ("complete", new CompleteFrame("1") { Result = "Hello", Metrics = new CompleteMetrics(12.5) { CpuMs = 4.25, Chunks = 2, Bytes = 7 } }),
        ("error", new ErrorFrame(AspErrorCodes.UnknownAgent, "no agent named nope", false) { Id = "2" }),
        ("error-rate-limited", ErrorFrame.For(AspErrorCodes.RateLimited, "slow down") with { RetryAfterMs = 500 }),
        ("request", new RequestFrame("1", "q1", "permission", MsgPackValue.Map(("tool", "search")))),
        ("reply", new ReplyFrame("1", "q1", true)),
        ("ack", new AckFrame(43)),
    ];
}
