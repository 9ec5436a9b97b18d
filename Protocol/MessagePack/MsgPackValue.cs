using System.Buffers;

namespace AgentPlatform.Protocol.MessagePack;

/// <summary>
/// An immutable MessagePack value of any shape: the model for free-form payloads (agent input and output).
/// A value read from bytes keeps those bytes and writes them back unchanged (byte-identical even when the
/// sender used a non-preferred encoding), and is decoded lazily, one level at a time, on first inspection:
/// a relay that only forwards a payload never decodes it. A value built in code is written in preferred form.
/// Equality is by content (an int 5 encoded in one byte equals one encoded in nine).
/// </summary>
public sealed partial class MsgPackValue : IEquatable<MsgPackValue>
{
    private const int Undecoded = -1;

    private static readonly MsgPackValue NilValue = new(MsgPackValueKind.Nil);
    private static readonly MsgPackValue TrueValue = new(MsgPackValueKind.Boolean) { _bits = 1 };
    private static readonly MsgPackValue FalseValue = new(MsgPackValueKind.Boolean);

    // The original encoding, when the value came from bytes (already validated as exactly one value).
    private readonly ReadOnlyMemory<byte> _raw;

    // Decoded state, published by writing _kind last (see EnsureDecoded).
    private int _kind;
    private ulong _bits;            // bool, integer (long bits, or ulong when _flag), double bits
    private bool _flag;             // Integer: the value is above long.MaxValue; Float: it was float 32
    private sbyte _extType;
    private ReadOnlyMemory<byte> _data;   // string UTF-8, binary, extension data
    private object? _items;              // MsgPackValue[], KeyValuePair<MsgPackValue, MsgPackValue>[], or a cached string

    private MsgPackValue(MsgPackValueKind kind) => _kind = (int)kind;

    private MsgPackValue(ReadOnlyMemory<byte> raw)
    {
        _raw = raw;
        _kind = Undecoded;
    }

    /// <summary>nil.</summary>
    public static MsgPackValue Nil => NilValue;

    /// <summary>A boolean.</summary>
    public static MsgPackValue From(bool value) => value ? TrueValue : FalseValue;

    /// <summary>An integer.</summary>
    public static MsgPackValue From(long value) => new(MsgPackValueKind.Integer) { _bits = (ulong)value };

    /// <summary>An unsigned integer (values above <see cref="long.MaxValue"/> included).</summary>
    public static MsgPackValue From(ulong value) => new(MsgPackValueKind.Integer) { _bits = value, _flag = value > long.MaxValue };

    /// <summary>A float 64.</summary>
    public static MsgPackValue From(double value) => new(MsgPackValueKind.Float) { _bits = (ulong)BitConverter.DoubleToInt64Bits(value) };

    /// <summary>A float 32.</summary>
    public static MsgPackValue From(float value) => new(MsgPackValueKind.Float) { _bits = (ulong)BitConverter.DoubleToInt64Bits(value), _flag = true };

    /// <summary>A string (a null reference gives nil).</summary>
    public static MsgPackValue From(string? value) => value is null
        ? NilValue
        : new(MsgPackValueKind.String) { _data = System.Text.Encoding.UTF8.GetBytes(value), _items = value };

    /// <summary>A string from UTF-8 bytes (kept as given, not validated).</summary>
    public static MsgPackValue FromUtf8(ReadOnlyMemory<byte> utf8) => new(MsgPackValueKind.String) { _data = utf8 };

    /// <summary>Binary data (the memory is kept, not copied).</summary>
    public static MsgPackValue FromBinary(ReadOnlyMemory<byte> data) => new(MsgPackValueKind.Binary) { _data = data };

    /// <summary>An extension value (the memory is kept, not copied).</summary>
    public static MsgPackValue FromExtension(sbyte typeCode, ReadOnlyMemory<byte> data) =>
        new(MsgPackValueKind.Extension) { _extType = typeCode, _data = data };

    /// <summary>A timestamp extension value (type -1) in its smallest size.</summary>
    public static MsgPackValue From(MessagePackTimestamp value)
    {
        var buffer = new ArrayBufferWriter<byte>(15);
        var writer = new MessagePackWriter(buffer);
        writer.Write(value);
        return FromRaw(buffer.WrittenMemory);
    }

    /// <summary>An array.</summary>
    public static MsgPackValue Array(params MsgPackValue[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new(MsgPackValueKind.Array) { _items = items.ToArray() };
    }

    /// <summary>An array.</summary>
    public static MsgPackValue Array(IEnumerable<MsgPackValue> items) => new(MsgPackValueKind.Array) { _items = items.ToArray() };

    /// <summary>A map, in the order given (duplicate keys are kept as given; MessagePack allows them).</summary>
    public static MsgPackValue Map(IEnumerable<KeyValuePair<MsgPackValue, MsgPackValue>> entries) =>
        new(MsgPackValueKind.Map) { _items = entries.ToArray() };

    /// <summary>A map with string keys, in the order given.</summary>
    public static MsgPackValue Map(params (string Key, MsgPackValue Value)[] entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return Map(entries.Select(e => new KeyValuePair<MsgPackValue, MsgPackValue>(From(e.Key), e.Value)));
    }

    /// <summary>
    /// Wraps bytes that hold exactly one MessagePack value, after checking them against <paramref name="options"/>;
    /// the memory is kept, not copied, and is what <see cref="WriteTo(ref MessagePackWriter)"/> writes back.
    /// </summary>
    /// <exception cref="MessagePackException">The bytes are not exactly one well-formed value within the limits.</exception>
    public static MsgPackValue FromRaw(ReadOnlyMemory<byte> bytes, MessagePackReaderOptions? options = null)
    {
        var reader = new MessagePackReader(bytes, options);
        reader.Skip();
        if (!reader.End)
        {
            throw new MessagePackException($"MessagePack value ends at offset {reader.Consumed} but {reader.Remaining} more bytes follow");
        }
        return new MsgPackValue(bytes);
    }

    /// <summary>Reads the next value, copying its bytes once so the value outlives the reader's buffer.</summary>
    public static MsgPackValue Read(ref MessagePackReader reader)
    {
        var unread = reader.UnreadSpan;
        var start = reader.Consumed;
        reader.Skip();
        var length = reader.Consumed - start;
        // The usual case, one contiguous segment, copies straight from the span without slicing the sequence.
        return new(length <= unread.Length ? unread[..(int)length].ToArray() : reader.Sequence.Slice(start, length).ToArray());
    }

    /// <summary>Implicit conversions keep payload-building code short.</summary>
    public static implicit operator MsgPackValue(bool value) => From(value);

    public static implicit operator MsgPackValue(long value) => From(value);

    public static implicit operator MsgPackValue(int value) => From(value);

    public static implicit operator MsgPackValue(double value) => From(value);

    public static implicit operator MsgPackValue(string? value) => From(value);

    /// <summary>The kind of this value (decodes one level on first use).</summary>
    public MsgPackValueKind Kind => (MsgPackValueKind)EnsureDecoded();

    /// <summary>True for nil.</summary>
    public bool IsNil => Kind == MsgPackValueKind.Nil;

    /// <summary>The original bytes, when this value was read from bytes (also for nested values of such a value).</summary>
    public bool TryGetRaw(out ReadOnlyMemory<byte> raw)
    {
        raw = _raw;
        return !_raw.IsEmpty;
    }

    /// <summary>The encoding: the original bytes when there are some, otherwise the preferred encoding.</summary>
    public byte[] ToBytes()
    {
        if (!_raw.IsEmpty) return _raw.ToArray();
        var buffer = new ArrayBufferWriter<byte>();
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes this value: the original bytes when there are some, otherwise the preferred encoding.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        var writer = MessagePackWriter.CreateBuffered(output);
        WriteTo(ref writer);
        writer.Flush();
    }

    /// <inheritdoc cref="WriteTo(IBufferWriter{byte})"/>
    public void WriteTo(ref MessagePackWriter writer)
    {
        if (!_raw.IsEmpty)
        {
            writer.WriteRaw(_raw.Span);
            return;
        }
        switch ((MsgPackValueKind)_kind)
        {
            case MsgPackValueKind.Nil: writer.WriteNil(); break;
            case MsgPackValueKind.Boolean: writer.Write(_bits != 0); break;
            case MsgPackValueKind.Integer:
                if (_flag) writer.Write(_bits);
                else writer.Write((long)_bits);
                break;
            case MsgPackValueKind.Float:
                var number = BitConverter.Int64BitsToDouble((long)_bits);
                if (_flag) writer.Write((float)number);
                else writer.Write(number);
                break;
            case MsgPackValueKind.String: writer.WriteString(_data.Span); break;
            case MsgPackValueKind.Binary: writer.WriteBinary(_data.Span); break;
            case MsgPackValueKind.Extension: writer.WriteExtension(_extType, _data.Span); break;
            case MsgPackValueKind.Array:
                var items = (MsgPackValue[])_items!;
                writer.WriteArrayHeader(items.Length);
                foreach (var item in items) item.WriteTo(ref writer);
                break;
            default:
                var entries = (KeyValuePair<MsgPackValue, MsgPackValue>[])_items!;
                writer.WriteMapHeader(entries.Length);
                foreach (var entry in entries)
                {
                    entry.Key.WriteTo(ref writer);
                    entry.Value.WriteTo(ref writer);
                }
                break;
        }
    }

    /// <summary>Compact JSON (see <see cref="MsgPackJson"/> for how non-JSON values appear).</summary>
    public override string ToString() => MsgPackJson.ToJsonString(this);
}
