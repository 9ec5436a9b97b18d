using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace AgentPlatform.Protocol.MessagePack;

/// <summary>
/// Writes MessagePack to an <see cref="IBufferWriter{T}"/>, always in the smallest encoding of each integer,
/// string, binary, array, map and extension header. Doubles are float 64 and floats are float 32 (no
/// narrowing: a reader must get back the exact number).
/// A writer made with the constructor commits every write at once. One made with <see cref="CreateBuffered"/>
/// writes into a span it obtains once per chunk (far fewer calls into the buffer writer, which is what makes a
/// small frame cheap to write) and commits on <see cref="Flush"/>, which the caller must call.
/// </summary>
public ref partial struct MessagePackWriter
{
    private const int ChunkSize = 512;
    private readonly IBufferWriter<byte> _output;
    private readonly bool _buffered;
    private Span<byte> _span;
    private int _pending;

    /// <summary>Writes to <paramref name="output"/>, committing every write at once (no <see cref="Flush"/> needed).</summary>
    public MessagePackWriter(IBufferWriter<byte> output) : this(output, buffered: false)
    {
    }

    private MessagePackWriter(IBufferWriter<byte> output, bool buffered)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _buffered = buffered;
    }

    /// <summary>A writer that commits to <paramref name="output"/> only on <see cref="Flush"/>: call it when done.</summary>
    public static MessagePackWriter CreateBuffered(IBufferWriter<byte> output) => new(output, buffered: true);

    /// <summary>Commits what a buffered writer has written (nothing to do for an unbuffered one).</summary>
    public void Flush()
    {
        if (_pending > 0)
        {
            _output.Advance(_pending);
            _pending = 0;
        }
        _span = default;
    }

    /// <summary>Writes nil (0xc0).</summary>
    public void WriteNil() => WriteByte(MessagePackCode.Nil);

    /// <summary>Writes false (0xc2) or true (0xc3).</summary>
    public void Write(bool value) => WriteByte(value ? MessagePackCode.True : MessagePackCode.False);

    /// <summary>Writes an integer in its smallest encoding (positive values as fixint or uint 8..64).</summary>
    public void Write(long value)
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
            var span = Reserve(2);
            span[0] = MessagePackCode.Int8;
            span[1] = unchecked((byte)value);
            Commit(2);
        }
        else if (value >= short.MinValue)
        {
            var span = Reserve(3);
            span[0] = MessagePackCode.Int16;
            BinaryPrimitives.WriteInt16BigEndian(span[1..], (short)value);
            Commit(3);
        }
        else if (value >= int.MinValue)
        {
            var span = Reserve(5);
            span[0] = MessagePackCode.Int32;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value);
            Commit(5);
        }
        else
        {
            var span = Reserve(9);
            span[0] = MessagePackCode.Int64;
            BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
            Commit(9);
        }
    }

    /// <summary>Writes an unsigned integer in its smallest encoding (fixint, uint 8/16/32/64).</summary>
    public void Write(ulong value)
    {
        if (value <= MessagePackCode.MaxFixInt)
        {
            WriteByte((byte)value);
        }
        else if (value <= byte.MaxValue)
        {
            var span = Reserve(2);
            span[0] = MessagePackCode.UInt8;
            span[1] = (byte)value;
            Commit(2);
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
            var span = Reserve(9);
            span[0] = MessagePackCode.UInt64;
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
            Commit(9);
        }
    }

    /// <summary>Writes an integer in its smallest encoding.</summary>
    public void Write(int value) => Write((long)value);

    /// <summary>Writes an unsigned integer in its smallest encoding.</summary>
    public void Write(uint value) => Write((ulong)value);

    /// <summary>Writes float 32 (0xca).</summary>
    public void Write(float value) => WriteCodeAndUInt32(MessagePackCode.Float32, (uint)BitConverter.SingleToInt32Bits(value));

    /// <summary>Writes float 64 (0xcb).</summary>
    public void Write(double value)
    {
        var span = Reserve(9);
        span[0] = MessagePackCode.Float64;
        BinaryPrimitives.WriteInt64BigEndian(span[1..], BitConverter.DoubleToInt64Bits(value));
        Commit(9);
    }

    /// <summary>Writes a string as UTF-8 (fixstr, str 8/16/32), or nil when <paramref name="value"/> is null.</summary>
    public void Write(string? value)
    {
        if (value is null)
        {
            WriteNil();
            return;
        }
        Write(value.AsSpan());
    }

    /// <summary>Writes characters as a UTF-8 string in one pass (the header is sized for the worst case, then moved down).</summary>
    public void Write(scoped ReadOnlySpan<char> value)
    {
        if (value.Length <= 31)
        {
            // Short strings (ids, keys, tokens): transcode behind a one-byte header and widen it only if needed.
            var small = Reserve(2 + (value.Length * 3));
            System.Text.Unicode.Utf8.FromUtf16(value, small[1..], out _, out var written);
            if (written <= 31)
            {
                small[0] = (byte)(MessagePackCode.MinFixStr | written);
                Commit(1 + written);
                return;
            }
            small.Slice(1, written).CopyTo(small[2..]);
            small[0] = MessagePackCode.Str8;
            small[1] = (byte)written;
            Commit(2 + written);
            return;
        }
        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        var reserved = HeaderSize(maxBytes);
        var span = Reserve(reserved + maxBytes);
        var length = Encoding.UTF8.GetBytes(value, span[reserved..]);
        var actual = HeaderSize(length);
        if (actual != reserved)
        {
            span.Slice(reserved, length).CopyTo(span[actual..]);
        }
        WriteStringHeader(span, length);
        Commit(actual + length);
    }

    /// <summary>Writes already encoded UTF-8 bytes as a string (not validated).</summary>
    public void WriteString(scoped ReadOnlySpan<byte> utf8)
    {
        WriteStringHeader(utf8.Length);
        WriteRaw(utf8);
    }

    /// <summary>Writes a string header (fixstr, str 8/16/32) for <paramref name="byteLength"/> UTF-8 bytes that follow.</summary>
    public void WriteStringHeader(int byteLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteLength);
        var size = HeaderSize(byteLength);
        WriteStringHeader(Reserve(size), byteLength);
        Commit(size);
    }

    /// <summary>Writes binary data (bin 8/16/32).</summary>
    public void WriteBinary(scoped ReadOnlySpan<byte> value)
    {
        WriteBinHeader(value.Length);
        WriteRaw(value);
    }

    /// <summary>Writes a binary header (bin 8/16/32) for <paramref name="length"/> bytes that follow.</summary>
    public void WriteBinHeader(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length <= byte.MaxValue)
        {
            var span = Reserve(2);
            span[0] = MessagePackCode.Bin8;
            span[1] = (byte)length;
            Commit(2);
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
    public void WriteArrayHeader(int count) => WriteCollectionHeader(count, MessagePackCode.MinFixArray, MessagePackCode.Array16, MessagePackCode.Array32);

    /// <summary>Writes a map header (fixmap, map 16/32); <paramref name="count"/> key-value pairs follow.</summary>
    public void WriteMapHeader(int count) => WriteCollectionHeader(count, MessagePackCode.MinFixMap, MessagePackCode.Map16, MessagePackCode.Map32);

    /// <summary>Copies bytes that already are MessagePack (or the payload after a header) to the output.</summary>
    public void WriteRaw(scoped ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        var span = Reserve(bytes.Length);
        bytes.CopyTo(span);
        Commit(bytes.Length);
    }

    /// <summary>Copies bytes that already are MessagePack to the output.</summary>
    public void WriteRaw(in ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            WriteRaw(segment.Span);
        }
    }

    private Span<byte> Reserve(int size)
    {
        if (!_buffered) return _output.GetSpan(size);
        if (_span.Length - _pending < size) Refill(size);
        return _span[_pending..];
    }

    private void Commit(int size)
    {
        if (_buffered) _pending += size;
        else _output.Advance(size);
    }

    private void Refill(int size)
    {
        if (_pending > 0) _output.Advance(_pending);
        _pending = 0;
        _span = _output.GetSpan(Math.Max(size, ChunkSize));
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

    private void WriteCollectionHeader(int count, byte fixCode, byte code16, byte code32)
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

    private void WriteByte(byte value)
    {
        Reserve(1)[0] = value;
        Commit(1);
    }

    private void WriteCodeAndUInt16(byte code, ushort value)
    {
        var span = Reserve(3);
        span[0] = code;
        BinaryPrimitives.WriteUInt16BigEndian(span[1..], value);
        Commit(3);
    }

    private void WriteCodeAndUInt32(byte code, uint value)
    {
        var span = Reserve(5);
        span[0] = code;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], value);
        Commit(5);
    }
}
