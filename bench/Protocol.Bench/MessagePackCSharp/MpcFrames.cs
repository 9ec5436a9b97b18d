using System.Buffers;
using Mpc = global::MessagePack;

namespace AgentPlatform.Protocol.Bench.MessagePackCSharp;

/// <summary>
/// The asp-v1 hot frames (opcode byte + MessagePack map, docs/protocol/asp-v1.md) written and read with
/// MessagePack-CSharp's low-level MessagePackWriter/MessagePackReader, the layer that compares with
/// Protocol/MessagePack: same canonical bytes, same required-field and duplicate-key checks, unknown keys skipped.
/// </summary>
public static class MpcFrames
{
    public const byte Invoke = 0x02, Stream = 0x03, Complete = 0x06;

    public static void WriteInvoke(IBufferWriter<byte> output, string id, string agent, ReadOnlySpan<byte> rawInput, uint? timeoutMs)
    {
        var w = new Mpc.MessagePackWriter(output);
        w.WriteRaw([Invoke]);
        w.WriteMapHeader(3 + (timeoutMs is null ? 0 : 1));
        w.WriteRaw(MpcKeys.Id); w.Write(id);
        w.WriteRaw(MpcKeys.Agent); w.Write(agent);
        w.WriteRaw(MpcKeys.Input); w.WriteRaw(rawInput);
        if (timeoutMs is { } t) { w.WriteRaw(MpcKeys.TimeoutMs); w.Write(t); }
        w.Flush();
    }

    public static void WriteStream(IBufferWriter<byte> output, string id, ulong seq, string token)
    {
        var w = new Mpc.MessagePackWriter(output);
        w.WriteRaw([Stream]);
        w.WriteMapHeader(3);
        w.WriteRaw(MpcKeys.Id); w.Write(id);
        w.WriteRaw(MpcKeys.Seq); w.Write(seq);
        w.WriteRaw(MpcKeys.Data); w.Write(token);
        w.Flush();
    }

    public static void WriteComplete(IBufferWriter<byte> output, string id, string result, double durationMs, double cpuMs, ulong chunks, ulong bytes)
    {
        var w = new Mpc.MessagePackWriter(output);
        w.WriteRaw([Complete]);
        w.WriteMapHeader(3);
        w.WriteRaw(MpcKeys.Id); w.Write(id);
        w.WriteRaw(MpcKeys.Result); w.Write(result);
        w.WriteRaw(MpcKeys.Metrics);
        w.WriteMapHeader(4);
        w.WriteRaw(MpcKeys.DurationMs); w.Write(durationMs);
        w.WriteRaw(MpcKeys.CpuMs); w.Write(cpuMs);
        w.WriteRaw(MpcKeys.Chunks); w.Write(chunks);
        w.WriteRaw(MpcKeys.Bytes); w.Write(bytes);
        w.Flush();
    }

    public static MpcInvokeFrame ReadInvoke(ReadOnlyMemory<byte> frame)
    {
        var r = Body(frame, Invoke);
        string? id = null, agent = null;
        ReadOnlyMemory<byte>? input = null;
        uint? timeout = null;
        for (var n = r.ReadMapHeader(); n > 0; n--)
        {
            var key = Key(ref r);
            if (key.SequenceEqual("id"u8)) id = Once(id, r.ReadString());
            else if (key.SequenceEqual("agent"u8)) agent = Once(agent, r.ReadString());
            else if (key.SequenceEqual("input"u8)) input = Once(input, Raw(ref r, frame));
            else if (key.SequenceEqual("timeoutMs"u8)) timeout = Once(timeout, r.ReadUInt32());
            else r.Skip();
        }
        End(ref r);
        return new MpcInvokeFrame(Required(id), Required(agent), Required(input), timeout);
    }

    public static MpcStreamFrame ReadStream(ReadOnlyMemory<byte> frame)
    {
        var r = Body(frame, Stream);
        string? id = null;
        ulong? seq = null;
        ReadOnlyMemory<byte>? data = null;
        for (var n = r.ReadMapHeader(); n > 0; n--)
        {
            var key = Key(ref r);
            if (key.SequenceEqual("id"u8)) id = Once(id, r.ReadString());
            else if (key.SequenceEqual("seq"u8)) seq = Once(seq, r.ReadUInt64());
            else if (key.SequenceEqual("data"u8)) data = Once(data, Raw(ref r, frame));
            else r.Skip();
        }
        End(ref r);
        return new MpcStreamFrame(Required(id), Required(seq), Required(data));
    }

    public static MpcCompleteFrame ReadComplete(ReadOnlyMemory<byte> frame)
    {
        var r = Body(frame, Complete);
        string? id = null;
        ReadOnlyMemory<byte>? result = null;
        double? duration = null, cpu = null;
        ulong? chunks = null, bytes = null;
        for (var n = r.ReadMapHeader(); n > 0; n--)
        {
            var key = Key(ref r);
            if (key.SequenceEqual("id"u8))
            {
                id = Once(id, r.ReadString());
            }
            else if (key.SequenceEqual("result"u8))
            {
                result = Once(result, Raw(ref r, frame));
            }
            else if (key.SequenceEqual("metrics"u8))
            {
                for (var m = r.ReadMapHeader(); m > 0; m--)
                {
                    var metric = Key(ref r);
                    if (metric.SequenceEqual("durationMs"u8)) duration = Once(duration, r.ReadDouble());
                    else if (metric.SequenceEqual("cpuMs"u8)) cpu = Once(cpu, r.ReadDouble());
                    else if (metric.SequenceEqual("chunks"u8)) chunks = Once(chunks, r.ReadUInt64());
                    else if (metric.SequenceEqual("bytes"u8)) bytes = Once(bytes, r.ReadUInt64());
                    else r.Skip();
                }
            }
            else
            {
                r.Skip();
            }
        }
        End(ref r);
        return new MpcCompleteFrame(Required(id), result ?? default, Required(duration), cpu, chunks, bytes);
    }

    private static Mpc.MessagePackReader Body(ReadOnlyMemory<byte> frame, byte opcode)
    {
        if (frame.Length == 0 || frame.Span[0] != opcode) throw new InvalidDataException("wrong opcode");
        return new Mpc.MessagePackReader(frame[1..]);
    }

    // Keys are short fixstr: compared as UTF-8 without allocating a string.
    private static ReadOnlySpan<byte> Key(ref Mpc.MessagePackReader r) =>
        r.TryReadStringSpan(out var span) ? span : throw new InvalidDataException("key is not a contiguous string");

    // The value's bytes as a slice of the frame (the reader walks over it once, as ours does).
    private static ReadOnlyMemory<byte> Raw(ref Mpc.MessagePackReader r, ReadOnlyMemory<byte> frame)
    {
        var start = 1 + (int)r.Consumed;
        r.Skip();
        return frame[start..(1 + (int)r.Consumed)];
    }

    private static void End(ref Mpc.MessagePackReader r)
    {
        if (!r.End) throw new InvalidDataException("bytes after the frame's map");
    }

    private static T Once<T>(T? previous, T value) => previous is null ? value : throw new InvalidDataException("duplicate key");

    private static T Required<T>(T? value) where T : class => value ?? throw new InvalidDataException("missing required field");

    private static T Required<T>(T? value) where T : struct => value ?? throw new InvalidDataException("missing required field");
}
