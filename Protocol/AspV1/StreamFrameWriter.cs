using System.Buffers;
using System.Buffers.Binary;
using System.Text.Unicode;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.AspV1;

/// <summary>
/// The hot path: a STREAM frame (one per token) written with a single reservation and direct stores, for the
/// common shapes (an id of at most 31 chars; data that is raw bytes or a string). Anything else returns false
/// and goes through <see cref="AspFrameWriter"/>; both produce the same canonical bytes (tested).
/// </summary>
internal static class StreamFrameWriter
{
    public static bool TryWrite(StreamFrame frame, ulong? sessionSeq, IBufferWriter<byte> output)
    {
        var id = frame.Id;
        var data = frame.Data;
        if (id is null || data is null || id.Length > 31) return false;
        ReadOnlySpan<byte> payload;
        var isString = false;
        if (data.TryGetRaw(out var raw))
        {
            payload = raw.Span;
        }
        else if (data.Kind == MsgPackValueKind.String)
        {
            payload = data.AsUtf8().Span;
            isString = true;
        }
        else
        {
            return false;
        }

        // opcode, map header, "s" + uint64, "id" + str8 header + 31*3 bytes, "seq" + uint64, "data" + str32 header, payload.
        var span = output.GetSpan(2 + 11 + 5 + 93 + 13 + 10 + payload.Length);
        span[0] = (byte)AspOpcode.Stream;
        span[1] = (byte)(MessagePackCode.MinFixMap | (sessionSeq is null ? 3 : 4));
        var p = 2;
        if (sessionSeq is { } s)
        {
            span[p++] = MessagePackCode.MinFixStr | 1;
            span[p++] = (byte)'s';
            p += WriteUInt(span[p..], s);
        }
        span[p++] = MessagePackCode.MinFixStr | 2;
        span[p++] = (byte)'i';
        span[p++] = (byte)'d';
        Utf8.FromUtf16(id, span[(p + 1)..], out _, out var written);
        if (written <= 31)
        {
            span[p] = (byte)(MessagePackCode.MinFixStr | written);
            p += 1 + written;
        }
        else
        {
            span.Slice(p + 1, written).CopyTo(span[(p + 2)..]);
            span[p] = MessagePackCode.Str8;
            span[p + 1] = (byte)written;
            p += 2 + written;
        }
        "seq"u8.CopyTo(span[(p + 1)..]);
        span[p] = MessagePackCode.MinFixStr | 3;
        p += 4;
        p += WriteUInt(span[p..], frame.Seq);
        "data"u8.CopyTo(span[(p + 1)..]);
        span[p] = MessagePackCode.MinFixStr | 4;
        p += 5;
        if (isString) p += WriteStringHeader(span[p..], payload.Length);
        payload.CopyTo(span[p..]);
        output.Advance(p + payload.Length);
        return true;
    }

    private static int WriteUInt(Span<byte> span, ulong value)
    {
        switch (value)
        {
            case <= MessagePackCode.MaxFixInt:
                span[0] = (byte)value;
                return 1;
            case <= byte.MaxValue:
                span[0] = MessagePackCode.UInt8;
                span[1] = (byte)value;
                return 2;
            case <= ushort.MaxValue:
                span[0] = MessagePackCode.UInt16;
                BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)value);
                return 3;
            case <= uint.MaxValue:
                span[0] = MessagePackCode.UInt32;
                BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value);
                return 5;
            default:
                span[0] = MessagePackCode.UInt64;
                BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
                return 9;
        }
    }

    private static int WriteStringHeader(Span<byte> span, int length)
    {
        switch (length)
        {
            case <= 31:
                span[0] = (byte)(MessagePackCode.MinFixStr | length);
                return 1;
            case <= byte.MaxValue:
                span[0] = MessagePackCode.Str8;
                span[1] = (byte)length;
                return 2;
            case <= ushort.MaxValue:
                span[0] = MessagePackCode.Str16;
                BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)length);
                return 3;
            default:
                span[0] = MessagePackCode.Str32;
                BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
                return 5;
        }
    }
}
