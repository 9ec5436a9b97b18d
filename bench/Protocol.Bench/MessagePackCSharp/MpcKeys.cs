namespace AgentPlatform.Protocol.Bench.MessagePackCSharp;

/// <summary>The asp-v1 keys the hot frames use, pre-encoded as fixstr (as Protocol's AspKeys does).</summary>
internal static class MpcKeys
{
    public static readonly byte[] Id = Fix("id");
    public static readonly byte[] Agent = Fix("agent");
    public static readonly byte[] Input = Fix("input");
    public static readonly byte[] TimeoutMs = Fix("timeoutMs");
    public static readonly byte[] Seq = Fix("seq");
    public static readonly byte[] Data = Fix("data");
    public static readonly byte[] Result = Fix("result");
    public static readonly byte[] Metrics = Fix("metrics");
    public static readonly byte[] DurationMs = Fix("durationMs");
    public static readonly byte[] CpuMs = Fix("cpuMs");
    public static readonly byte[] Chunks = Fix("chunks");
    public static readonly byte[] Bytes = Fix("bytes");

    private static byte[] Fix(string key) => [(byte)(0xa0 | key.Length), .. System.Text.Encoding.UTF8.GetBytes(key)];
}
