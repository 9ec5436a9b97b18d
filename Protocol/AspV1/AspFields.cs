using System.Buffers;
using System.Text;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.AspV1;

/// <summary>
/// Reads the fields of a frame's map with the checks the specification requires (string keys, no duplicate
/// known key, the right type per field), turning every violation into BAD_FRAME with a message naming the field.
/// </summary>
internal static class AspFields
{
    /// <summary>Longest id/rid in UTF-8 bytes.</summary>
    public const int MaxIdLength = 128;

    public static int ReadMapHeader(ref MessagePackReader reader, string frame)
    {
        if (reader.End) throw Bad(frame + ": the opcode is not followed by a map");
        if (reader.NextType != MessagePackType.Map) throw Bad(frame + ": the body must be a map, not " + reader.NextType);
        return reader.ReadMapHeader();
    }

    public static AspKey ReadKey(ref MessagePackReader reader, string frame, ref ulong seen)
    {
        AspKey key;
        var unread = reader.UnreadSpan;
        // Every known key is a fixstr: look it up in place and step over it.
        if (unread.Length > 0 && unread[0] is >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr
            && unread.Length > (unread[0] & 0x1f) && (unread[0] & 0x1f) <= reader.Options.MaxStringLength)
        {
            var length = unread[0] & 0x1f;
            key = AspKeys.Lookup(unread.Slice(1, length));
            reader.AdvanceExamined(1 + length);
            return Mark(key, frame, ref seen);
        }
        if (reader.NextType != MessagePackType.String) throw Bad(frame + ": map keys must be strings, not " + reader.NextType);
        if (reader.TryReadStringSpan(out var utf8))
        {
            key = AspKeys.Lookup(utf8);
        }
        else
        {
            // The key straddles two segments of the message: copy it, when short enough to be a known key.
            var sequence = reader.ReadStringSequence();
            Span<byte> copy = stackalloc byte[AspKeys.MaxLength];
            key = sequence.Length <= AspKeys.MaxLength ? AspKeys.Lookup(copy[..CopyTo(sequence, copy)]) : AspKey.Unknown;
        }
        return Mark(key, frame, ref seen);
    }

    private static AspKey Mark(AspKey key, string frame, ref ulong seen)
    {
        if (key != AspKey.Unknown)
        {
            var bit = 1UL << (int)key;
            if ((seen & bit) != 0) throw Bad(frame + ": duplicate key '" + AspKeys.Name(key) + "'");
            seen |= bit;
        }
        return key;
    }

    public static void Require(ulong seen, AspKey key, string frame)
    {
        if ((seen & (1UL << (int)key)) == 0) throw Bad(frame + ": missing required field '" + AspKeys.Name(key) + "'");
    }

    public static string String(ref MessagePackReader reader, string frame, AspKey key)
    {
        if (reader.NextType != MessagePackType.String) throw TypeError(ref reader, frame, key, "a string");
        return reader.ReadString()!;
    }

    public static string? OptionalString(ref MessagePackReader reader, string frame, AspKey key) =>
        reader.TryReadNil() ? null : String(ref reader, frame, key);

    // The last id decoded on this thread, with its UTF-8 bytes. A stream of STREAM frames carries one invocation's id
    // over and over; returning the same string for the same bytes saves a decode and an allocation per frame.
    [ThreadStatic] private static byte[]? _lastIdUtf8;
    [ThreadStatic] private static int _lastIdLength;
    [ThreadStatic] private static string? _lastId;

    /// <summary>An invocation or request id: a string of 1 to 128 UTF-8 bytes.</summary>
    public static string Id(ref MessagePackReader reader, string frame, AspKey key)
    {
        var unread = reader.UnreadSpan;
        if (unread.Length > 0 && _lastId is { } lastId)
        {
            // fixstr or str 8: the only headers an id of at most 128 bytes can have.
            var (header, length) = unread[0] switch
            {
                >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr => (1, unread[0] & 0x1f),
                MessagePackCode.Str8 when unread.Length > 1 => (2, (int)unread[1]),
                _ => (0, -1),
            };
            if (length == _lastIdLength && unread.Length >= header + length
                && unread.Slice(header, length).SequenceEqual(_lastIdUtf8.AsSpan(0, length)))
            {
                reader.Skip();
                return lastId;
            }
        }
        var id = String(ref reader, frame, key);
        var byteCount = Encoding.UTF8.GetByteCount(id);
        if (byteCount is 0 or > MaxIdLength)
        {
            throw Bad(frame + ": field '" + AspKeys.Name(key) + "' must be 1 to " + MaxIdLength + " bytes long");
        }
        _lastIdUtf8 ??= new byte[MaxIdLength];
        _lastIdLength = Encoding.UTF8.GetBytes(id, _lastIdUtf8);
        _lastId = id;
        return id;
    }

    public static string? OptionalId(ref MessagePackReader reader, string frame, AspKey key) =>
        reader.TryReadNil() ? null : Id(ref reader, frame, key);

    public static ulong UInt(ref MessagePackReader reader, string frame, AspKey key)
    {
        var code = reader.NextCode;
        if (MessagePackCode.ToType(code) != MessagePackType.Integer) throw TypeError(ref reader, frame, key, "an unsigned integer");
        if (code is >= MessagePackCode.MinNegativeFixInt or (>= MessagePackCode.Int8 and <= MessagePackCode.Int64))
        {
            var signed = reader.ReadInt64();
            return signed >= 0 ? (ulong)signed : throw Bad(frame + ": field '" + AspKeys.Name(key) + "' must not be negative");
        }
        return reader.ReadUInt64();
    }

    public static ulong? OptionalUInt(ref MessagePackReader reader, string frame, AspKey key) =>
        reader.TryReadNil() ? null : UInt(ref reader, frame, key);

    public static uint UInt32(ref MessagePackReader reader, string frame, AspKey key)
    {
        var value = UInt(ref reader, frame, key);
        return value <= uint.MaxValue ? (uint)value : throw Bad(frame + ": field '" + AspKeys.Name(key) + "' must fit 32 bits");
    }

    public static uint? OptionalUInt32(ref MessagePackReader reader, string frame, AspKey key) =>
        reader.TryReadNil() ? null : UInt32(ref reader, frame, key);

    public static int Int32(ref MessagePackReader reader, string frame, AspKey key)
    {
        if (reader.NextType != MessagePackType.Integer) throw TypeError(ref reader, frame, key, "an integer");
        var value = reader.ReadInt64Safe();
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw Bad(frame + ": field '" + AspKeys.Name(key) + "' must fit 32 bits");
    }

    public static bool Bool(ref MessagePackReader reader, string frame, AspKey key)
    {
        if (reader.NextType != MessagePackType.Boolean) throw TypeError(ref reader, frame, key, "a boolean");
        return reader.ReadBoolean();
    }

    public static bool? OptionalBool(ref MessagePackReader reader, string frame, AspKey key) =>
        reader.TryReadNil() ? null : Bool(ref reader, frame, key);

    /// <summary>A number: float 32/64 or any integer (JSON-born encoders write 12.0 as 12).</summary>
    public static double Number(ref MessagePackReader reader, string frame, AspKey key)
    {
        if (reader.NextType is not (MessagePackType.Float or MessagePackType.Integer)) throw TypeError(ref reader, frame, key, "a number");
        return reader.ReadDouble();
    }

    public static double? OptionalNumber(ref MessagePackReader reader, string frame, AspKey key) =>
        reader.TryReadNil() ? null : Number(ref reader, frame, key);

    public static string[] StringArray(ref MessagePackReader reader, string frame, AspKey key)
    {
        if (reader.NextType != MessagePackType.Array) throw TypeError(ref reader, frame, key, "an array of strings");
        var items = new string[reader.ReadArrayHeader()];
        for (var i = 0; i < items.Length; i++)
        {
            if (reader.NextType != MessagePackType.String) throw Bad(frame + ": items of '" + AspKeys.Name(key) + "' must be strings");
            items[i] = reader.ReadString()!;
        }
        return items;
    }

    public static string[]? OptionalStringArray(ref MessagePackReader reader, string frame, AspKey key) =>
        reader.TryReadNil() ? null : StringArray(ref reader, frame, key);

    /// <summary>Any value, kept as its bytes (copied once out of the message buffer).</summary>
    public static MsgPackValue Value(ref MessagePackReader reader) => MsgPackValue.Read(ref reader);

    /// <summary>An optional payload: nil means absent, like every optional key.</summary>
    public static MsgPackValue? OptionalValue(ref MessagePackReader reader) => reader.TryReadNil() ? null : Value(ref reader);

    public static AspProtocolException Bad(string message) => new(AspErrorCodes.BadFrame, message);

    private static AspProtocolException TypeError(ref MessagePackReader reader, string frame, AspKey key, string expected) =>
        Bad(frame + ": field '" + AspKeys.Name(key) + "' must be " + expected + ", not "
            + (reader.NextType == MessagePackType.Unknown ? "0xc1 (never used)" : reader.NextType.ToString()));

    private static int CopyTo(ReadOnlySequence<byte> sequence, Span<byte> destination)
    {
        sequence.CopyTo(destination);
        return (int)sequence.Length;
    }

    // Reads an integer as a long, mapping values above long.MaxValue to long.MaxValue (callers only test the sign or range).
    private static long ReadInt64Safe(this ref MessagePackReader reader) =>
        reader.NextCode == MessagePackCode.UInt64 ? (long)Math.Min(reader.ReadUInt64(), long.MaxValue) : reader.ReadInt64();
}
