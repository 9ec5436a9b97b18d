using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace AgentPlatform.Protocol.MessagePack;

/// <summary>
/// Writes MessagePack to an <see cref="IBufferWriter{T}"/>, always in the smallest encoding of each integer,
/// string, binary, array, map and extension header. Doubles are float 64 and floats are float 32 (no
/// narrowing: a reader must get back the exact number). Every write commits at once; there is nothing to flush.
/// </summary>
public ref struct MessagePackWriter
{
    private readonly IBufferWriter<byte> _output;

    /// <summary>Writes to <paramref name="output"/>.</summary>
    public MessagePackWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>Writes nil (0xc0).</summary>
    public readonly void WriteNil() => WriteByte(MessagePackCode.Nil);

    /// <summary>Writes false (0xc2) or true (0xc3).</summary>
    public readonly void Write(bool value) => WriteByte(value ? MessagePackCode.True : MessagePackCode.False);

    /// <summary>Writes an integer in its smallest encoding (positive values as fixint or uint 8..64).</summary>
    public readonly void Write(long value)
    {
        if (value >= 0)
        {
            Write((ulong)value);
            return;
        }
        if (value >= -32)
        {
            WriteByte(unchecked((byte)value));
        }
        else if (value >= sbyte.MinValue)
        {
            var span = _output.GetSpan(2);
            span[0] = MessagePackCode.Int8;
            span[1] = unchecked((byte)value);
            _output.Advance(2);
        }
        else if (value >= short.MinValue)
        {
            var span = _output.GetSpan(3);
            span[0] = MessagePackCode.Int16;
            BinaryPrimitives.WriteInt16BigEndian(span[1..], (short)value);
            _output.Advance(3);
        }
        else if (value >= int.MinValue)
        {
            var span = _output.GetSpan(5);
            span[0] = MessagePackCode.Int32;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value);
            _output.Advance(5);
        }
        else
        {
            var span = _output.GetSpan(9);
            span[0] = MessagePackCode.Int64;
            BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
            _output.Advance(9);
        }
    }

    /// <summary>Writes an unsigned integer in its smallest encoding (fixint, uint 8/16/32/64).</summary>
    public readonly void Write(ulong value)
    {
        if (value <= MessagePackCode.MaxFixInt)
        {
            WriteByte((byte)value);
        }
        else if (value <= byte.MaxValue)
        {
            var span = _output.GetSpan(2);
            span[0] = MessagePackCode.UInt8;
            span[1] = (byte)value;
            _output.Advance(2);
        }
        else if (value <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(MessagePackCode.UInt16, (ushort)value);
        }
        else if (value <= uint.MaxValue)
        {
            WriteCodeAndUInt32(MessagePackCode.UInt32, (uint)value);
        }
        else
        {
            var span = _output.GetSpan(9);
            span[0] = MessagePackCode.UInt64;
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
            _output.Advance(9);
        }
    }

    /// <summary>Writes an integer in its smallest encoding.</summary>
    public readonly void Write(int value) => Write((long)value);

    /// <summary>Writes an unsigned integer in its smallest encoding.</summary>
    public readonly void Write(uint value) => Write((ulong)value);

    /// <summary>Writes float 32 (0xca).</summary>
    public readonly void Write(float value) => WriteCodeAndUInt32(MessagePackCode.Float32, (uint)BitConverter.SingleToInt32Bits(value));

    /// <summary>Writes float 64 (0xcb).</summary>
    public readonly void Write(double value)
    {
        var span = _output.GetSpan(9);
        span[0] = MessagePackCode.Float64;
        BinaryPrimitives.WriteInt64BigEndian(span[1..], BitConverter.DoubleToInt64Bits(value));
        _output.Advance(9);
    }

    /// <summary>Writes a string as UTF-8 (fixstr, str 8/16/32), or nil when <paramref name="value"/> is null.</summary>
    public readonly void Write(string? value)
    {
        if (value is null)
        {
            WriteNil();
            return;
        }
        Write(value.AsSpan());
    }

    /// <summary>Writes characters as a UTF-8 string in one pass (the header is sized for the worst case, then moved down).</summary>
    public readonly void Write(ReadOnlySpan<char> value)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        var reserved = HeaderSize(maxBytes);
        var span = _output.GetSpan(reserved + maxBytes);
        var length = Encoding.UTF8.GetBytes(value, span[reserved..]);
        var actual = HeaderSize(length);
        if (actual != reserved)
        {
            span.Slice(reserved, length).CopyTo(span[actual..]);
        }
        WriteStringHeader(span, length);
        _output.Advance(actual + length);
    }

    /// <summary>Writes already encoded UTF-8 bytes as a string (not validated).</summary>
    public readonly void WriteString(ReadOnlySpan<byte> utf8)
    {
        WriteStringHeader(utf8.Length);
        WriteRaw(utf8);
    }

    /// <summary>Writes a string header (fixstr, str 8/16/32) for <paramref name="byteLength"/> UTF-8 bytes that follow.</summary>
    public readonly void WriteStringHeader(int byteLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteLength);
        var size = HeaderSize(byteLength);
        WriteStringHeader(_output.GetSpan(size), byteLength);
        _output.Advance(size);
    }

    /// <summary>Writes binary data (bin 8/16/32).</summary>
    public readonly void WriteBinary(ReadOnlySpan<byte> value)
    {
        WriteBinHeader(value.Length);
        WriteRaw(value);
    }

    /// <summary>Writes a binary header (bin 8/16/32) for <paramref name="length"/> bytes that follow.</summary>
    public readonly void WriteBinHeader(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length <= byte.MaxValue)
        {
            var span = _output.GetSpan(2);
            span[0] = MessagePackCode.Bin8;
            span[1] = (byte)length;
            _output.Advance(2);
        }
        else if (length <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(MessagePackCode.Bin16, (ushort)length);
        }
        else
        {
            WriteCodeAndUInt32(MessagePackCode.Bin32, (uint)length);
        }
    }

    /// <summary>Writes an array header (fixarray, array 16/32); <paramref name="count"/> values follow.</summary>
    public readonly void WriteArrayHeader(int count) => WriteCollectionHeader(count, MessagePackCode.MinFixArray, MessagePackCode.Array16, MessagePackCode.Array32);

    /// <summary>Writes a map header (fixmap, map 16/32); <paramref name="count"/> key-value pairs follow.</summary>
    public readonly void WriteMapHeader(int count) => WriteCollectionHeader(count, MessagePackCode.MinFixMap, MessagePackCode.Map16, MessagePackCode.Map32);

    /// <summary>Writes an extension header (fixext 1/2/4/8/16 when the length allows, else ext 8/16/32).</summary>
    public readonly void WriteExtensionHeader(sbyte typeCode, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        byte fixCode = length switch
        {
            1 => MessagePackCode.FixExt1,
            2 => MessagePackCode.FixExt2,
            4 => MessagePackCode.FixExt4,
            8 => MessagePackCode.FixExt8,
            16 => MessagePackCode.FixExt16,
            _ => 0,
        };
        if (fixCode != 0)
        {
            var span = _output.GetSpan(2);
            span[0] = fixCode;
            span[1] = unchecked((byte)typeCode);
            _output.Advance(2);
        }
        else if (length <= byte.MaxValue)
        {
            var span = _output.GetSpan(3);
            span[0] = MessagePackCode.Ext8;
            span[1] = (byte)length;
            span[2] = unchecked((byte)typeCode);
            _output.Advance(3);
        }
        else if (length <= ushort.MaxValue)
        {
            var span = _output.GetSpan(4);
            span[0] = MessagePackCode.Ext16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)length);
            span[3] = unchecked((byte)typeCode);
            _output.Advance(4);
        }
        else
        {
            var span = _output.GetSpan(6);
            span[0] = MessagePackCode.Ext32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
            span[5] = unchecked((byte)typeCode);
            _output.Advance(6);
        }
    }

    /// <summary>Writes a whole extension value.</summary>
    public readonly void WriteExtension(sbyte typeCode, ReadOnlySpan<byte> data)
    {
        WriteExtensionHeader(typeCode, data.Length);
        WriteRaw(data);
    }

    /// <summary>Writes the timestamp extension in its smallest size (timestamp 32, 64 or 96).</summary>
    public readonly void Write(MessagePackTimestamp value)
    {
        var length = value.EncodedLength;
        WriteExtensionHeader(MessagePackCode.TimestampExtensionType, length);
        var span = _output.GetSpan(length);
        switch (length)
        {
            case 4:
                BinaryPrimitives.WriteUInt32BigEndian(span, (uint)value.Seconds);
                break;
            case 8:
                BinaryPrimitives.WriteUInt64BigEndian(span, ((ulong)value.Nanoseconds << 34) | (ulong)value.Seconds);
                break;
            default:
                BinaryPrimitives.WriteUInt32BigEndian(span, value.Nanoseconds);
                BinaryPrimitives.WriteInt64BigEndian(span[4..], value.Seconds);
                break;
        }
        _output.Advance(length);
    }

    /// <summary>Writes a <see cref="DateTime"/> as the timestamp extension (Unspecified is taken as UTC).</summary>
    public readonly void Write(DateTime value) => Write(MessagePackTimestamp.FromDateTime(value));

    /// <summary>Copies bytes that already are MessagePack (or the payload after a header) to the output.</summary>
    public readonly void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        var span = _output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        _output.Advance(bytes.Length);
    }

    /// <summary>Copies bytes that already are MessagePack to the output.</summary>
    public readonly void WriteRaw(in ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            WriteRaw(segment.Span);
        }
    }

    private static int HeaderSize(int byteLength) => byteLength switch
    {
        <= 31 => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    private static void WriteStringHeader(Span<byte> span, int length)
    {
        switch (length)
        {
            case <= 31:
                span[0] = (byte)(MessagePackCode.MinFixStr | length);
                break;
            case <= byte.MaxValue:
                span[0] = MessagePackCode.Str8;
                span[1] = (byte)length;
                break;
            case <= ushort.MaxValue:
                span[0] = MessagePackCode.Str16;
                BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)length);
                break;
            default:
                span[0] = MessagePackCode.Str32;
                BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
                break;
        }
    }

    private readonly void WriteCollectionHeader(int count, byte fixCode, byte code16, byte code32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count <= 15)
        {
            WriteByte((byte)(fixCode | count));
        }
        else if (count <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(code16, (ushort)count);
        }
        else
        {
            WriteCodeAndUInt32(code32, (uint)count);
        }
    }

    private readonly void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    private readonly void WriteCodeAndUInt16(byte code, ushort value)
    {
        var span = _output.GetSpan(3);
        span[0] = code;
        BinaryPrimitives.WriteUInt16BigEndian(span[1..], value);
        _output.Advance(3);
    }

    private readonly void WriteCodeAndUInt32(byte code, uint value)
    {
        var span = _output.GetSpan(5);
        span[0] = code;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], value);
        _output.Advance(5);
    }
}
