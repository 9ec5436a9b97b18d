using System.Text;

namespace AgentPlatform.Protocol.MessagePack;

/// <summary>Lazy decoding and typed access.</summary>
public sealed partial class MsgPackValue
{
    // Raw bytes were validated when the value was created, so decoding them again needs no limits.
    private static readonly MessagePackReaderOptions Trusted = new()
    {
        MaxDepth = int.MaxValue,
        MaxCollectionLength = int.MaxValue,
        MaxStringLength = int.MaxValue,
        MaxBinaryLength = int.MaxValue,
        MaxExtensionLength = int.MaxValue,
        MaxTotalSize = long.MaxValue,
    };

    /// <summary>The number of items of an array or entries of a map; 0 for any other kind.</summary>
    public int Count => Kind switch
    {
        MsgPackValueKind.Array => ((MsgPackValue[])_items!).Length,
        MsgPackValueKind.Map => ((KeyValuePair<MsgPackValue, MsgPackValue>[])_items!).Length,
        _ => 0,
    };

    /// <summary>For a float: true when it was (or is to be) encoded as float 32.</summary>
    public bool IsSingle => Kind == MsgPackValueKind.Float && _flag;

    /// <summary>The extension type of an extension value.</summary>
    public sbyte ExtensionType => Expect(MsgPackValueKind.Extension)._extType;

    /// <summary>The boolean value.</summary>
    public bool AsBoolean() => Expect(MsgPackValueKind.Boolean)._bits != 0;

    /// <summary>True (with the value) when this is an integer that fits a long.</summary>
    public bool TryGetInt64(out long value)
    {
        if (Kind == MsgPackValueKind.Integer && !_flag)
        {
            value = (long)_bits;
            return true;
        }
        value = 0;
        return false;
    }

    /// <summary>The integer value as a long.</summary>
    public long AsInt64() => TryGetInt64(out var value)
        ? value
        : throw new InvalidOperationException(Kind == MsgPackValueKind.Integer ? "integer above long.MaxValue" : "value is " + Kind + ", not Integer");

    /// <summary>The integer value as a ulong (negative integers throw).</summary>
    public ulong AsUInt64()
    {
        Expect(MsgPackValueKind.Integer);
        return _flag || (long)_bits >= 0 ? _bits : throw new InvalidOperationException("negative integer");
    }

    /// <summary>A number (integer or float) as a double; integers beyond 2^53 round.</summary>
    public double AsDouble() => Kind switch
    {
        MsgPackValueKind.Float => BitConverter.Int64BitsToDouble((long)_bits),
        MsgPackValueKind.Integer => _flag ? _bits : (long)_bits,
        _ => throw new InvalidOperationException("value is " + Kind + ", not a number"),
    };

    /// <summary>The string; bytes that are not valid UTF-8 decode as U+FFFD (the bytes themselves stay as they were).</summary>
    public string AsString()
    {
        Expect(MsgPackValueKind.String);
        if (_items is string cached) return cached;
        var text = Encoding.UTF8.GetString(_data.Span);
        _items = text;
        return text;
    }

    /// <summary>The UTF-8 bytes of a string.</summary>
    public ReadOnlyMemory<byte> AsUtf8() => Expect(MsgPackValueKind.String)._data;

    /// <summary>The data of a binary value.</summary>
    public ReadOnlyMemory<byte> AsBinary() => Expect(MsgPackValueKind.Binary)._data;

    /// <summary>The data of an extension value.</summary>
    public ReadOnlyMemory<byte> ExtensionData => Expect(MsgPackValueKind.Extension)._data;

    /// <summary>True (with the value) when this is a well-formed timestamp extension (type -1).</summary>
    public bool TryGetTimestamp(out MessagePackTimestamp value)
    {
        value = default;
        if (Kind != MsgPackValueKind.Extension || _extType != MessagePackCode.TimestampExtensionType) return false;
        var bytes = ToBytes();
        var reader = new MessagePackReader(bytes);
        try
        {
            value = reader.ReadTimestamp();
            return true;
        }
        catch (MessagePackException)
        {
            return false;
        }
    }

    /// <summary>The items of an array.</summary>
    public IReadOnlyList<MsgPackValue> AsArray() => (MsgPackValue[])Expect(MsgPackValueKind.Array)._items!;

    /// <summary>The entries of a map, in encoded order.</summary>
    public IReadOnlyList<KeyValuePair<MsgPackValue, MsgPackValue>> AsMap() =>
        (KeyValuePair<MsgPackValue, MsgPackValue>[])Expect(MsgPackValueKind.Map)._items!;

    /// <summary>Finds the first entry of a map whose key is the string <paramref name="key"/>.</summary>
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MsgPackValue? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Kind == MsgPackValueKind.Map)
        {
            foreach (var entry in (KeyValuePair<MsgPackValue, MsgPackValue>[])_items!)
            {
                if (entry.Key.Kind == MsgPackValueKind.String && entry.Key.AsString() == key)
                {
                    value = entry.Value;
                    return true;
                }
            }
        }
        value = null;
        return false;
    }

    /// <summary>The value of a map entry by string key.</summary>
    public MsgPackValue this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    /// <summary>An item of an array.</summary>
    public MsgPackValue this[int index] => ((MsgPackValue[])Expect(MsgPackValueKind.Array)._items!)[index];

    private MsgPackValue Expect(MsgPackValueKind kind) =>
        Kind == kind ? this : throw new InvalidOperationException("value is " + Kind + ", not " + kind);

    private int EnsureDecoded()
    {
        var kind = Volatile.Read(ref _kind);
        return kind != Undecoded ? kind : Decode();
    }

    // Decodes one level. Children become undecoded values over slices of the same memory, so they too are
    // written back byte-identically and decoded only when inspected.
    private int Decode()
    {
        var reader = new MessagePackReader(_raw, Trusted);
        var code = reader.NextCode;
        MsgPackValueKind kind;
        switch (reader.NextType)
        {
            case MessagePackType.Nil:
                kind = MsgPackValueKind.Nil;
                break;
            case MessagePackType.Boolean:
                kind = MsgPackValueKind.Boolean;
                _bits = reader.ReadBoolean() ? 1UL : 0UL;
                break;
            case MessagePackType.Integer:
                kind = MsgPackValueKind.Integer;
                if (code == MessagePackCode.UInt64)
                {
                    _bits = reader.ReadUInt64();
                    _flag = _bits > long.MaxValue;
                }
                else
                {
                    _bits = (ulong)reader.ReadInt64();
                }
                break;
            case MessagePackType.Float:
                kind = MsgPackValueKind.Float;
                _flag = code == MessagePackCode.Float32;
                _bits = (ulong)BitConverter.DoubleToInt64Bits(reader.ReadDouble());
                break;
            case MessagePackType.String:
                kind = MsgPackValueKind.String;
                var stringLength = reader.ReadStringHeader();
                _data = _raw.Slice((int)reader.Consumed, stringLength);
                break;
            case MessagePackType.Binary:
                kind = MsgPackValueKind.Binary;
                var binaryLength = reader.ReadBinHeader();
                _data = _raw.Slice((int)reader.Consumed, binaryLength);
                break;
            case MessagePackType.Extension:
                kind = MsgPackValueKind.Extension;
                var header = reader.ReadExtensionHeader();
                _extType = header.TypeCode;
                _data = _raw.Slice((int)reader.Consumed, (int)header.Length);
                break;
            case MessagePackType.Array:
                kind = MsgPackValueKind.Array;
                var items = new MsgPackValue[reader.ReadArrayHeader()];
                for (var i = 0; i < items.Length; i++) items[i] = NextChild(ref reader);
                _items = items;
                break;
            default:
                kind = MsgPackValueKind.Map;
                var entries = new KeyValuePair<MsgPackValue, MsgPackValue>[reader.ReadMapHeader()];
                for (var i = 0; i < entries.Length; i++)
                {
                    var key = NextChild(ref reader);
                    entries[i] = new(key, NextChild(ref reader));
                }
                _items = entries;
                break;
        }
        Volatile.Write(ref _kind, (int)kind);
        return (int)kind;
    }

    private MsgPackValue NextChild(ref MessagePackReader reader)
    {
        var start = (int)reader.Consumed;
        reader.Skip();
        return new MsgPackValue(_raw[start..(int)reader.Consumed]);
    }
}
