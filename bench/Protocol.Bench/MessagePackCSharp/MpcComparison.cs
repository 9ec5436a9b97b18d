using System.Buffers;
using AgentPlatform.Protocol.AspV1;
using Mpc = global::MessagePack;

namespace AgentPlatform.Protocol.Bench.MessagePackCSharp;

/// <summary>
/// Before timing anything: both codecs must write the same bytes and read each other's frames. Then the
/// hostile-input probe: what each does with frames built to cost memory or stack.
/// </summary>
public static class MpcComparison
{
    public static int CheckSameBytes()
    {
        var status = 0;
        status |= Same("INVOKE", AspV1Protocol.ToArray(Messages.Invoke), b => MpcFrames.WriteInvoke(b, Messages.InvocationId, "echo", Messages.Input.ToBytes(), 30000));
        status |= Same("STREAM", AspV1Protocol.ToArray(Messages.Stream), b => MpcFrames.WriteStream(b, Messages.InvocationId, 17, Messages.Token));
        status |= Same("COMPLETE", AspV1Protocol.ToArray(Messages.Complete), b => MpcFrames.WriteComplete(b, Messages.InvocationId, "done", 1234.5, 45.25, 128, 4096));
        var invoke = MpcFrames.ReadInvoke(AspV1Protocol.ToArray(Messages.Invoke));
        if (!invoke.Input.Span.SequenceEqual(Messages.Input.ToBytes()) || invoke.TimeoutMs != 30000) { Console.WriteLine("INVOKE read back differs"); status = 1; }
        return status;

        static int Same(string name, byte[] ours, Action<IBufferWriter<byte>> write)
        {
            var theirs = new ArrayBufferWriter<byte>();
            write(theirs);
            var same = theirs.WrittenSpan.SequenceEqual(ours);
            Console.WriteLine($"{name,-9} {ours.Length} B; MessagePack-CSharp writes the same bytes: {same}");
            return same ? 0 : 1;
        }
    }

    /// <summary>Each hostile frame, decoded by both; prints what happened (exception type, allocation, time).</summary>
    public static void HostileInput()
    {
        Console.WriteLine("== hostile input (INVOKE whose input is ...)");
        Probe("nested 10,000 arrays deep (asp-v1 frames allow depth 32)", Nested(10_000));
        Probe("nested 100 arrays deep", Nested(100));
        Probe("array32 header claiming 4,294,967,295 items, 0 present", Input([0xdd, 0xff, 0xff, 0xff, 0xff]));
        Probe("str32 header claiming 1 GiB, 3 bytes present", Input([0xdb, 0x40, 0x00, 0x00, 0x00, 1, 2, 3]));
        Probe("map of 2,000,000 nil→nil entries (our MaxCollectionLength is 1,048,576)", Input([0xdf, .. BigEndian(2_000_000), .. Enumerable.Repeat((byte)0xc0, 4_000_000)]));
        Probe("bin32 of 20 MiB (our MaxBinaryLength is 16 MiB)", Input([0xc6, .. BigEndian(20 << 20), .. new byte[20 << 20]]));
    }

    private static void Probe(string what, byte[] frame)
    {
        Console.WriteLine($"{what} ({frame.Length:N0} B frame):");
        Console.WriteLine("  ours:               " + Run(() => AspV1Protocol.Parse(frame, new AspV1Options { MaxFrameSize = 64 << 20 })));
        Console.WriteLine("  MessagePack-CSharp: " + Run(() => MpcFrames.ReadInvoke(frame)));
    }

    private static string Run(Func<object> decode)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            decode();
            return $"accepted (allocated {GC.GetAllocatedBytesForCurrentThread() - before:N0} B)";
        }
        catch (Exception ex)
        {
            var message = ex.Message.Length > 90 ? ex.Message[..90] + "…" : ex.Message;
            return $"refused, {ex.GetType().Name}: {message} (allocated {GC.GetAllocatedBytesForCurrentThread() - before:N0} B)";
        }
    }

    private static byte[] Nested(int depth) => Input([.. Enumerable.Repeat((byte)0x91, depth), 0xc0]);

    // An INVOKE frame with a valid id and agent whose input is the given MessagePack bytes.
    private static byte[] Input(byte[] input)
    {
        var output = new ArrayBufferWriter<byte>();
        var w = new Mpc.MessagePackWriter(output);
        w.WriteRaw([MpcFrames.Invoke]);
        w.WriteMapHeader(3);
        w.Write("id"); w.Write("x");
        w.Write("agent"); w.Write("echo");
        w.Write("input"); w.WriteRaw(input);
        w.Flush();
        return output.WrittenSpan.ToArray();
    }

    private static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
