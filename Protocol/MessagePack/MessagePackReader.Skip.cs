using System.Buffers.Binary;

namespace AgentPlatform.Protocol.MessagePack;

/// <summary>Skipping, timestamps and the raw fixed-width reads the typed members build on.</summary>
public ref partial struct MessagePackReader
{
    /// <summary>
    /// Skips the next value whole (nested collections included), enforcing every limit and the depth limit,
    /// so a successful skip proves the value well-formed.
    /// </summary>
    public void Skip() => Skip(0);

    /// <summary>Reads a timestamp extension (type -1) in any of its three sizes (4, 8 or 12 bytes of data).</summary>
    public MessagePackTimestamp ReadTimestamp()
    {
        var start = Consumed;
        var header = ReadExtensionHeader();
        if (header.TypeCode != MessagePackCode.TimestampExtensionType)
        {
            throw MessagePackThrow.BadTimestamp("extension type " + header.TypeCode + " is not -1", start);
        }
        switch (header.Length)
        {
            case 4:
                return new MessagePackTimestamp(ReadRawUInt32(), 0);
            case 8:
                var packed = ReadRawUInt64();
                var nanoseconds = (uint)(packed >> 34);
                if (nanoseconds >= 1_000_000_000) throw MessagePackThrow.BadTimestamp("nanoseconds over 999999999", start);
                return new MessagePackTimestamp((long)(packed & 0x3_ffff_ffffUL), nanoseconds);
            case 12:
                var nanos = ReadRawUInt32();
                var seconds = (long)ReadRawUInt64();
                if (nanos >= 1_000_000_000) throw MessagePackThrow.BadTimestamp("nanoseconds over 999999999", start);
                return new MessagePackTimestamp(seconds, nanos);
            default:
                throw MessagePackThrow.BadTimestamp("data length " + header.Length + " is not 4, 8 or 12", start);
        }
    }

    /// <summary>Reads a timestamp extension as a UTC <see cref="DateTime"/> (out of range is an error).</summary>
    public DateTime ReadDateTime() => ReadTimestamp().ToDateTime();

    private void Skip(int depth)
    {
        var code = NextCode;
        switch (MessagePackCode.ToType(code))
        {
            case MessagePackType.Nil:
            case MessagePackType.Boolean:
                CursorAdvance(1);
                break;
            case MessagePackType.Integer:
                Advance(code switch
                {
                    MessagePackCode.UInt8 or MessagePackCode.Int8 => 2,
                    MessagePackCode.UInt16 or MessagePackCode.Int16 => 3,
                    MessagePackCode.UInt32 or MessagePackCode.Int32 => 5,
                    MessagePackCode.UInt64 or MessagePackCode.Int64 => 9,
                    _ => 1,
                });
                break;
            case MessagePackType.Float:
                Advance(code == MessagePackCode.Float32 ? 5 : 9);
                break;
            case MessagePackType.String:
                Advance(ReadStringHeader());
                break;
            case MessagePackType.Binary:
                Advance(ReadBinHeader());
                break;
            case MessagePackType.Extension:
                Advance(ReadExtensionHeader().Length);
                break;
            case MessagePackType.Array:
                EnterCollection(depth);
                for (var count = ReadArrayHeader(); count > 0; count--) Skip(depth + 1);
                break;
            case MessagePackType.Map:
                EnterCollection(depth);
                for (var count = ReadMapHeader() * 2L; count > 0; count--) Skip(depth + 1);
                break;
            default:
                throw MessagePackThrow.NeverUsed(Consumed);
        }
    }

    /// <summary>Throws when entering a collection at <paramref name="depth"/> would pass the depth limit.</summary>
    public readonly void EnterCollection(int depth)
    {
        if (depth >= Options.MaxDepth) throw MessagePackThrow.Depth(Options.MaxDepth, Consumed);
    }

    private void Advance(long count)
    {
        if (CursorRemaining < count) throw MessagePackThrow.Truncated(count + " bytes", Consumed);
        CursorAdvance(count);
    }

    private byte ReadCode(string expected)
    {
        if (!CursorRead(out var code)) throw MessagePackThrow.Truncated(expected, Consumed);
        if (code == MessagePackCode.NeverUsed) throw MessagePackThrow.NeverUsed(Consumed - 1);
        return code;
    }

    private byte ReadRawByte()
    {
        if (!CursorRead(out var value)) throw MessagePackThrow.Truncated("1 byte", Consumed);
        return value;
    }

    private ushort ReadRawUInt16()
    {
        if (_contiguous && _span.Length - _offset >= 2)
        {
            var value = BinaryPrimitives.ReadUInt16BigEndian(_span[_offset..]);
            _offset += 2;
            return value;
        }
        Span<byte> bytes = stackalloc byte[2];
        if (!CursorRead(bytes)) throw MessagePackThrow.Truncated("2 bytes", Consumed);
        return BinaryPrimitives.ReadUInt16BigEndian(bytes);
    }

    private uint ReadRawUInt32()
    {
        if (_contiguous && _span.Length - _offset >= 4)
        {
            var value = BinaryPrimitives.ReadUInt32BigEndian(_span[_offset..]);
            _offset += 4;
            return value;
        }
        Span<byte> bytes = stackalloc byte[4];
        if (!CursorRead(bytes)) throw MessagePackThrow.Truncated("4 bytes", Consumed);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    private ulong ReadRawUInt64()
    {
        if (_contiguous && _span.Length - _offset >= 8)
        {
            var value = BinaryPrimitives.ReadUInt64BigEndian(_span[_offset..]);
            _offset += 8;
            return value;
        }
        Span<byte> bytes = stackalloc byte[8];
        if (!CursorRead(bytes)) throw MessagePackThrow.Truncated("8 bytes", Consumed);
        return BinaryPrimitives.ReadUInt64BigEndian(bytes);
    }

    private readonly int CheckLength(string what, uint length, int limit)
    {
        if (length > (uint)limit) throw MessagePackThrow.Limit(what, length, limit, Consumed);
        if (length > CursorRemaining) throw MessagePackThrow.Truncated(length + " bytes of " + what, Consumed);
        return (int)length;
    }

    // Every item takes at least one byte, so a count the remaining input cannot hold is truncation; checking it
    // here is what keeps a forged header from making a caller allocate for billions of items.
    private readonly int CheckCount(string what, uint count, int bytesPerItem)
    {
        if (count > (uint)Options.MaxCollectionLength) throw MessagePackThrow.Limit(what, count, Options.MaxCollectionLength, Consumed);
        if ((long)count * bytesPerItem > CursorRemaining) throw MessagePackThrow.Truncated(count + " " + what + " items", Consumed);
        return (int)count;
    }
}
