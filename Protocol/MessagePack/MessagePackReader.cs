using System.Buffers;
using System.Text;

namespace AgentPlatform.Protocol.MessagePack;

/// <summary>
/// Reads MessagePack values from a <see cref="ReadOnlySequence{T}"/> whose values may straddle segments.
/// Every legal encoding of a value is accepted (an int 5 written as int64 reads as 5). Bad input, truncation
/// or a broken limit (<see cref="MessagePackReaderOptions"/>) only ever throws <see cref="MessagePackException"/>.
/// Copy the struct to peek ahead: copies read independently.
/// </summary>
public ref partial struct MessagePackReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySequence<byte> _sequence;
    private readonly ReadOnlySpan<byte> _span;      // the whole input when it is one segment (the usual case)
    private readonly bool _contiguous;
    private int _offset;                            // position in _span when contiguous
    private SequenceReader<byte> _reader;           // used only when the input has several segments

    /// <summary>Starts reading <paramref name="sequence"/> at its beginning.</summary>
    public MessagePackReader(ReadOnlySequence<byte> sequence, MessagePackReaderOptions? options = null)
    {
        Options = options ?? MessagePackReaderOptions.Default;
        if (sequence.Length > Options.MaxTotalSize)
        {
            throw MessagePackThrow.Limit("input", sequence.Length, Options.MaxTotalSize, 0);
        }
        _sequence = sequence;
        _contiguous = sequence.IsSingleSegment;
        _span = _contiguous ? sequence.FirstSpan : default;
        _reader = _contiguous ? default : new SequenceReader<byte>(sequence);
    }

    /// <summary>Starts reading <paramref name="memory"/> at its beginning.</summary>
    public MessagePackReader(ReadOnlyMemory<byte> memory, MessagePackReaderOptions? options = null)
    {
        // One segment by construction: skip the sequence's length walk and segment checks (a per-frame cost).
        Options = options ?? MessagePackReaderOptions.Default;
        if (memory.Length > Options.MaxTotalSize)
        {
            throw MessagePackThrow.Limit("input", memory.Length, Options.MaxTotalSize, 0);
        }
        _sequence = new ReadOnlySequence<byte>(memory);
        _contiguous = true;
        _span = memory.Span;
    }

    /// <summary>The limits this reader enforces.</summary>
    public MessagePackReaderOptions Options { get; }

    /// <summary>The whole input.</summary>
    public readonly ReadOnlySequence<byte> Sequence => _sequence;

    /// <summary>The position of the next unread byte.</summary>
    public readonly SequencePosition Position => CursorPosition;

    /// <summary>Bytes read so far.</summary>
    public readonly long Consumed => CursorConsumed;

    /// <summary>Bytes left.</summary>
    public readonly long Remaining => CursorRemaining;

    /// <summary>The unread bytes of the current segment (all of the rest when the input is one segment).</summary>
    public readonly ReadOnlySpan<byte> UnreadSpan => CursorUnread;

    /// <summary>True when every byte has been read.</summary>
    public readonly bool End => (CursorRemaining == 0);

    /// <summary>The format code of the next value, without consuming it.</summary>
    public readonly byte NextCode
    {
        get
        {
            if (!CursorPeek(out var code))
            {
                throw MessagePackThrow.Truncated("a value", CursorConsumed);
            }
            return code;
        }
    }

    /// <summary>The type family of the next value, without consuming it.</summary>
    public readonly MessagePackType NextType => MessagePackCode.ToType(NextCode);

    /// <summary>Consumes a nil (0xc0) if it is next; otherwise consumes nothing and returns false.</summary>
    public bool TryReadNil()
    {
        if (NextCode == MessagePackCode.Nil)
        {
            CursorAdvance(1);
            return true;
        }
        return false;
    }

    /// <summary>Reads nil (0xc0).</summary>
    public void ReadNil()
    {
        var code = ReadCode("nil");
        if (code != MessagePackCode.Nil) throw MessagePackThrow.WrongType(code, "nil", Consumed - 1);
    }

    /// <summary>Reads false (0xc2) or true (0xc3).</summary>
    public bool ReadBoolean()
    {
        var code = ReadCode("a boolean");
        return code switch
        {
            MessagePackCode.False => false,
            MessagePackCode.True => true,
            _ => throw MessagePackThrow.WrongType(code, "a boolean", Consumed - 1),
        };
    }

    /// <summary>Reads any integer encoding (fixint, negative fixint, int 8..64, uint 8..64) that fits a long.</summary>
    public long ReadInt64()
    {
        var code = ReadCode("an integer");
        switch (code)
        {
            case <= MessagePackCode.MaxFixInt: return code;
            case >= MessagePackCode.MinNegativeFixInt: return (sbyte)code;
            case MessagePackCode.UInt8: return ReadRawByte();
            case MessagePackCode.UInt16: return ReadRawUInt16();
            case MessagePackCode.UInt32: return ReadRawUInt32();
            case MessagePackCode.UInt64:
                var value = ReadRawUInt64();
                return value <= long.MaxValue ? (long)value : throw MessagePackThrow.Overflow("a 64-bit signed integer", Consumed - 9);
            case MessagePackCode.Int8: return (sbyte)ReadRawByte();
            case MessagePackCode.Int16: return (short)ReadRawUInt16();
            case MessagePackCode.Int32: return (int)ReadRawUInt32();
            case MessagePackCode.Int64: return (long)ReadRawUInt64();
            default: throw MessagePackThrow.WrongType(code, "an integer", Consumed - 1);
        }
    }

    /// <summary>Reads any integer encoding whose value is not negative.</summary>
    public ulong ReadUInt64()
    {
        var code = ReadCode("an unsigned integer");
        long signed;
        switch (code)
        {
            case <= MessagePackCode.MaxFixInt: return code;
            case MessagePackCode.UInt8: return ReadRawByte();
            case MessagePackCode.UInt16: return ReadRawUInt16();
            case MessagePackCode.UInt32: return ReadRawUInt32();
            case MessagePackCode.UInt64: return ReadRawUInt64();
            case >= MessagePackCode.MinNegativeFixInt: signed = (sbyte)code; break;
            case MessagePackCode.Int8: signed = (sbyte)ReadRawByte(); break;
            case MessagePackCode.Int16: signed = (short)ReadRawUInt16(); break;
            case MessagePackCode.Int32: signed = (int)ReadRawUInt32(); break;
            case MessagePackCode.Int64: signed = (long)ReadRawUInt64(); break;
            default: throw MessagePackThrow.WrongType(code, "an unsigned integer", Consumed - 1);
        }
        return signed >= 0 ? (ulong)signed : throw MessagePackThrow.Overflow("an unsigned integer", Consumed);
    }

    /// <summary>Reads an integer that fits an int.</summary>
    public int ReadInt32()
    {
        var value = ReadInt64();
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw MessagePackThrow.Overflow("a 32-bit integer", Consumed);
    }

    /// <summary>Reads an integer that fits a uint.</summary>
    public uint ReadUInt32()
    {
        var value = ReadUInt64();
        return value <= uint.MaxValue ? (uint)value : throw MessagePackThrow.Overflow("a 32-bit unsigned integer", Consumed);
    }

    /// <summary>Reads float 32 or float 64, or any integer (converted): JSON-born peers write 45.0 as the integer 45.</summary>
    public double ReadDouble()
    {
        switch (NextCode)
        {
            case MessagePackCode.Float32:
                CursorAdvance(1);
                return BitConverter.Int32BitsToSingle((int)ReadRawUInt32());
            case MessagePackCode.Float64:
                CursorAdvance(1);
                return BitConverter.Int64BitsToDouble((long)ReadRawUInt64());
            case MessagePackCode.UInt64:
                return ReadUInt64();
            default:
                if (NextType != MessagePackType.Integer)
                {
                    throw MessagePackThrow.WrongType(NextCode, "a number", Consumed);
                }
                return ReadInt64();
        }
    }

    /// <summary>Reads a number as float 32 (float 64 and integers are rounded to the nearest float).</summary>
    public float ReadSingle() => (float)ReadDouble();

    /// <summary>Reads a string (fixstr, str 8/16/32) or nil (returns null). Invalid UTF-8 is an error.</summary>
    public string? ReadString()
    {
        if (TryReadNil()) return null;
        var start = Consumed;
        var length = ReadStringHeader();
        var unread = CursorUnread;
        if (unread.Length >= length)
        {
            var text = DecodeUtf8(unread[..length], start);
            CursorAdvance(length);
            return text;
        }
        return DecodeUtf8(ReadRaw(length), start);
    }

    /// <summary>
    /// Reads a string's UTF-8 bytes without copying when they are contiguous (true); when they straddle
    /// segments consumes nothing and returns false (use <see cref="ReadStringSequence"/>).
    /// </summary>
    public bool TryReadStringSpan(out ReadOnlySpan<byte> utf8)
    {
        var start = CursorConsumed;
        var length = ReadStringHeader();
        var unread = CursorUnread;
        if (unread.Length >= length)
        {
            utf8 = unread[..length];
            CursorAdvance(length);
            return true;
        }
        CursorRewind(CursorConsumed - start);
        utf8 = default;
        return false;
    }

    /// <summary>Reads a string's UTF-8 bytes (not validated) as a slice of the input.</summary>
    public ReadOnlySequence<byte> ReadStringSequence() => ReadRaw(ReadStringHeader());

    /// <summary>Reads the header of a string (fixstr, str 8/16/32) and returns its byte length.</summary>
    public int ReadStringHeader()
    {
        var code = ReadCode("a string");
        var length = code switch
        {
            >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr => (uint)(code & 0x1f),
            MessagePackCode.Str8 => ReadRawByte(),
            MessagePackCode.Str16 => ReadRawUInt16(),
            MessagePackCode.Str32 => ReadRawUInt32(),
            _ => throw MessagePackThrow.WrongType(code, "a string", Consumed - 1),
        };
        return CheckLength("string", length, Options.MaxStringLength);
    }

    /// <summary>Reads binary data (bin 8/16/32) as a slice of the input.</summary>
    public ReadOnlySequence<byte> ReadBytes() => ReadRaw(ReadBinHeader());

    /// <summary>Reads the header of binary data (bin 8/16/32) and returns its length.</summary>
    public int ReadBinHeader()
    {
        var code = ReadCode("binary");
        var length = code switch
        {
            MessagePackCode.Bin8 => ReadRawByte(),
            MessagePackCode.Bin16 => ReadRawUInt16(),
            MessagePackCode.Bin32 => ReadRawUInt32(),
            _ => throw MessagePackThrow.WrongType(code, "binary", Consumed - 1),
        };
        return CheckLength("binary", length, Options.MaxBinaryLength);
    }

    /// <summary>Reads an array header (fixarray, array 16/32) and returns its item count.</summary>
    public int ReadArrayHeader()
    {
        var code = ReadCode("an array");
        var count = code switch
        {
            >= MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray => (uint)(code & 0x0f),
            MessagePackCode.Array16 => ReadRawUInt16(),
            MessagePackCode.Array32 => ReadRawUInt32(),
            _ => throw MessagePackThrow.WrongType(code, "an array", Consumed - 1),
        };
        return CheckCount("array", count, 1);
    }

    /// <summary>Reads a map header (fixmap, map 16/32) and returns its entry count (key-value pairs).</summary>
    public int ReadMapHeader()
    {
        var code = ReadCode("a map");
        var count = code switch
        {
            >= MessagePackCode.MinFixMap and <= MessagePackCode.MaxFixMap => (uint)(code & 0x0f),
            MessagePackCode.Map16 => ReadRawUInt16(),
            MessagePackCode.Map32 => ReadRawUInt32(),
            _ => throw MessagePackThrow.WrongType(code, "a map", Consumed - 1),
        };
        return CheckCount("map", count, 2);
    }

    /// <summary>Reads an extension header (fixext 1/2/4/8/16, ext 8/16/32); the data follows.</summary>
    public ExtensionHeader ReadExtensionHeader()
    {
        var code = ReadCode("an extension");
        uint length = code switch
        {
            MessagePackCode.FixExt1 => 1,
            MessagePackCode.FixExt2 => 2,
            MessagePackCode.FixExt4 => 4,
            MessagePackCode.FixExt8 => 8,
            MessagePackCode.FixExt16 => 16,
            MessagePackCode.Ext8 => ReadRawByte(),
            MessagePackCode.Ext16 => ReadRawUInt16(),
            MessagePackCode.Ext32 => ReadRawUInt32(),
            _ => throw MessagePackThrow.WrongType(code, "an extension", Consumed - 1),
        };
        var type = (sbyte)ReadRawByte();
        return new ExtensionHeader(type, (uint)CheckLength("extension", length, Options.MaxExtensionLength));
    }

    /// <summary>Reads a whole extension value: its type and its data as a slice of the input.</summary>
    public (sbyte TypeCode, ReadOnlySequence<byte> Data) ReadExtension()
    {
        var header = ReadExtensionHeader();
        return (header.TypeCode, ReadRaw(header.Length));
    }

    /// <summary>Reads the next value whole, without decoding it, as a slice of the input.</summary>
    public ReadOnlySequence<byte> ReadRaw()
    {
        if (_contiguous)
        {
            var startOffset = _offset;
            Skip();
            return _sequence.Slice(startOffset, _offset - startOffset);
        }
        var start = CursorPosition;
        Skip();
        return _sequence.Slice(start, CursorPosition);
    }

    /// <summary>Reads <paramref name="length"/> bytes as a slice of the input.</summary>
    public ReadOnlySequence<byte> ReadRaw(long length)
    {
        if (CursorRemaining < length) throw MessagePackThrow.Truncated(length + " bytes", Consumed);
        var slice = _contiguous ? _sequence.Slice(_offset, length) : _sequence.Slice(CursorPosition, length);
        CursorAdvance(length);
        return slice;
    }

    private static string DecodeUtf8(ReadOnlySpan<byte> utf8, long offset)
    {
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException ex)
        {
            throw MessagePackThrow.InvalidUtf8(offset, ex);
        }
    }

    private static string DecodeUtf8(ReadOnlySequence<byte> utf8, long offset)
    {
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException ex)
        {
            throw MessagePackThrow.InvalidUtf8(offset, ex);
        }
    }
}
