using System.Text;
using System.Text.Json;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.Bench;

/// <summary>
/// The three messages the issue names, as asp-v1 frames and as the same content in JSON: an INVOKE whose input
/// is 256 bytes of MessagePack, a STREAM carrying a 32-byte token, a COMPLETE with metrics.
/// </summary>
public static class Messages
{
    public const string InvocationId = "inv-7f8a2c41";

    // Input: {"prompt": <text>, "temperature": 0.7, "history": ["hi", "hello"]}, sized to exactly 256 bytes of MessagePack.
    public static MsgPackValue Input { get; } = BuildInput();

    public static string Token { get; } = "The quick brown fox jumps over t";   // 32 bytes

    public static InvokeFrame Invoke { get; } = new(InvocationId, "echo", Input) { TimeoutMs = 30000 };

    public static StreamFrame Stream { get; } = new(InvocationId, 17, Token);

    public static CompleteFrame Complete { get; } = new(InvocationId)
    {
        Result = "done",
        Metrics = new CompleteMetrics(1234.5) { CpuMs = 45.25, Chunks = 128, Bytes = 4096 },
    };

    public static InvokeJson InvokeAsJson { get; } = new("invoke", InvocationId, "echo", JsonDocument.Parse(MsgPackJson.ToJsonString(Input)).RootElement.Clone(), null, 30000);

    public static StreamJson StreamAsJson { get; } = new("stream", InvocationId, 17, Token);

    public static CompleteJson CompleteAsJson { get; } = new("complete", InvocationId, "done", new MetricsJson(1234.5, 45.25, 128, 4096));

    private static MsgPackValue BuildInput()
    {
        MsgPackValue Make(int textLength) => MsgPackValue.Map(
            ("prompt", new string('p', textLength)), ("temperature", 0.7), ("history", MsgPackValue.Array("hi", "hello")));
        var overhead = Make(0).ToBytes().Length + 1;   // +1: str8 header once the text passes 31 bytes
        var input = Make(256 - overhead);
        if (input.ToBytes().Length != 256) throw new InvalidOperationException("input is " + input.ToBytes().Length + " bytes");
        return MsgPackValue.FromRaw(input.ToBytes());
    }

    public static string Describe() => new StringBuilder()
        .Append("input ").Append(Input.ToBytes().Length).Append(" B MessagePack, ")
        .Append(Encoding.UTF8.GetByteCount(MsgPackJson.ToJsonString(Input))).Append(" B JSON")
        .ToString();
}
