using System.Diagnostics;
using System.Text.Json;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Protocol.UnitTests.AspV1;
using AgentPlatform.Protocol.UnitTests.Fuzz;
using AgentPlatform.Protocol.UnitTests.Support;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AgentPlatform.Protocol.Bench;

/// <summary>
/// Modes: <c>sizes</c> (bytes per message, both encodings), <c>alloc</c> (allocations of a STREAM encode into a
/// pooled buffer), <c>fuzz [cases]</c> (mutated frames; default 1,000,000), <c>bdn</c> (BenchmarkDotNet, 10-iteration
/// in-process job), <c>mpc</c> (ours vs MessagePack-CSharp: same bytes, hostile input, BenchmarkDotNet),
/// <c>all</c> (everything but mpc, the default).
/// </summary>
public static class BenchProgram
{
    public static int Run(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "all";
        var status = 0;
        if (mode is "sizes" or "all") Sizes();
        if (mode is "alloc" or "all") status |= Allocations();
        if (mode is "fuzz" or "all") status |= Fuzz(args.Length > 1 ? long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
        if (mode is "bdn" or "all")
        {
            var config = ManualConfig.CreateMinimumViable()
                .AddJob(Job.ShortRun.WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance))
                .WithOptions(ConfigOptions.DisableLogFile);
            BenchmarkRunner.Run<CodecBenchmarks>(config);
        }
        if (mode is "mpc")
        {
            status |= MessagePackCSharp.MpcComparison.CheckSameBytes();
            MessagePackCSharp.MpcComparison.HostileInput();
            var config = ManualConfig.CreateMinimumViable()
                .AddJob(Job.ShortRun.WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance))
                .WithOptions(ConfigOptions.DisableLogFile);
            BenchmarkRunner.Run<MessagePackCSharp.MpcBenchmarks>(config);
        }
        return status;
    }

    private static void Sizes()
    {
        Console.WriteLine("== bytes per message (" + Messages.Describe() + ")");
        Row("INVOKE", AspV1Protocol.ToArray(Messages.Invoke), JsonSerializer.SerializeToUtf8Bytes(Messages.InvokeAsJson, BenchJsonContext.Default.InvokeJson));
        Row("STREAM", AspV1Protocol.ToArray(Messages.Stream), JsonSerializer.SerializeToUtf8Bytes(Messages.StreamAsJson, BenchJsonContext.Default.StreamJson));
        Row("COMPLETE", AspV1Protocol.ToArray(Messages.Complete), JsonSerializer.SerializeToUtf8Bytes(Messages.CompleteAsJson, BenchJsonContext.Default.CompleteJson));

        // Text content (ids, names, tokens, prompt) costs its UTF-8 length in both formats; what the format
        // itself adds is the rest: the "envelope".
        static void Row(string name, byte[] aspV1, byte[] json)
        {
            using var document = JsonDocument.Parse(json);
            var text = TextBytes(document.RootElement);
            Console.WriteLine($"{name,-9} asp-v1 {aspV1.Length,4} B   JSON {json.Length,4} B   ratio {(double)aspV1.Length / json.Length:P0}   "
                + $"envelope (minus {text} B of text content) {aspV1.Length - text} B vs {json.Length - text} B = {(double)(aspV1.Length - text) / (json.Length - text):P0}");
        }

        static int TextBytes(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.String => System.Text.Encoding.UTF8.GetByteCount(element.GetString()!),
            JsonValueKind.Array => element.EnumerateArray().Sum(TextBytes),
            JsonValueKind.Object => element.EnumerateObject().Where(p => p.Name != "op").Sum(p => TextBytes(p.Value)),
            _ => 0,
        };
    }

    private static int Allocations()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        for (var i = 0; i < 1000; i++)
        {
            buffer.ResetWrittenCount();
            AspV1Protocol.Write(Messages.Stream, (ulong)i, buffer);
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++)
        {
            buffer.ResetWrittenCount();
            AspV1Protocol.Write(Messages.Stream, (ulong)i, buffer);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine($"== STREAM encode into a pooled buffer: {allocated} bytes allocated over 100,000 frames");
        return allocated == 0 ? 0 : 1;
    }

    private static int Fuzz(long cases)
    {
        var seeds = AspV1Examples.All.Select(e => AspV1Protocol.ToArray(e.Frame)).ToList();
        var random = new Random(7);
        MsgPackValue[] payloads = [MsgPackValue.Nil, 1, -300, 1.5, "text", MsgPackValue.FromBinary(new byte[40]), MsgPackValue.Array(1, "a"), MsgPackValue.Map(("k", MsgPackValue.Array())), MsgPackValue.From(new MessagePackTimestamp(5, 6))];
        for (var i = 0; i < 200; i++) seeds.Add(AspV1Protocol.ToArray(RandomFrames.Create(random, () => payloads[random.Next(payloads.Length)])));
        var watch = Stopwatch.StartNew();
        var result = FrameFuzzer.Run(seeds, cases, 20261122);
        watch.Stop();
        Console.WriteLine($"== fuzz: {result.Cases:N0} mutated frames in {watch.Elapsed.TotalSeconds:F1} s: {result.Parsed:N0} parsed and re-encoded, {result.Rejected:N0} AspProtocolException, {result.Findings.Count} other exceptions");
        foreach (var finding in result.Findings) Console.WriteLine("   " + finding);
        return result.Findings.Count == 0 ? 0 : 1;
    }
}
