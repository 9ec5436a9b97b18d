namespace AgentPlatform.Protocol.MessagePack;

/// <summary>Equality by content, independent of encoding.</summary>
public sealed partial class MsgPackValue
{
    /// <summary>
    /// Same kind and same content. Integers compare by numeric value, floats by value (float 32 and float 64
    /// of the same number are equal; NaN equals NaN), strings and binary by bytes, maps by entries in order.
    /// </summary>
    public bool Equals(MsgPackValue? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (!_raw.IsEmpty && !other._raw.IsEmpty && _raw.Span.SequenceEqual(other._raw.Span)) return true;
        var kind = Kind;
        if (kind != other.Kind) return false;
        switch (kind)
        {
            case MsgPackValueKind.Nil:
                return true;
            case MsgPackValueKind.Boolean:
            case MsgPackValueKind.Integer:
                return _bits == other._bits && _flag == other._flag;
            case MsgPackValueKind.Float:
                return BitConverter.Int64BitsToDouble((long)_bits).Equals(BitConverter.Int64BitsToDouble((long)other._bits));
            case MsgPackValueKind.String:
            case MsgPackValueKind.Binary:
                return _data.Span.SequenceEqual(other._data.Span);
            case MsgPackValueKind.Extension:
                return _extType == other._extType && _data.Span.SequenceEqual(other._data.Span);
            case MsgPackValueKind.Array:
                var items = (MsgPackValue[])_items!;
                var otherItems = (MsgPackValue[])other._items!;
                if (items.Length != otherItems.Length) return false;
                for (var i = 0; i < items.Length; i++)
                {
                    if (!items[i].Equals(otherItems[i])) return false;
                }
                return true;
            default:
                var entries = (KeyValuePair<MsgPackValue, MsgPackValue>[])_items!;
                var otherEntries = (KeyValuePair<MsgPackValue, MsgPackValue>[])other._items!;
                if (entries.Length != otherEntries.Length) return false;
                for (var i = 0; i < entries.Length; i++)
                {
                    if (!entries[i].Key.Equals(otherEntries[i].Key) || !entries[i].Value.Equals(otherEntries[i].Value)) return false;
                }
                return true;
        }
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as MsgPackValue);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        AddTo(ref hash, 0);
        return hash.ToHashCode();
    }

    private void AddTo(ref HashCode hash, int depth)
    {
        var kind = Kind;
        hash.Add(kind);
        switch (kind)
        {
            case MsgPackValueKind.Boolean:
            case MsgPackValueKind.Integer:
                hash.Add(_bits);
                break;
            case MsgPackValueKind.Float:
                hash.Add(BitConverter.Int64BitsToDouble((long)_bits));
                break;
            case MsgPackValueKind.String:
            case MsgPackValueKind.Binary:
            case MsgPackValueKind.Extension:
                hash.AddBytes(_data.Span);
                break;
            case MsgPackValueKind.Array when depth < 4:
                foreach (var item in (MsgPackValue[])_items!) item.AddTo(ref hash, depth + 1);
                break;
            case MsgPackValueKind.Map when depth < 4:
                foreach (var entry in (KeyValuePair<MsgPackValue, MsgPackValue>[])_items!)
                {
                    entry.Key.AddTo(ref hash, depth + 1);
                    entry.Value.AddTo(ref hash, depth + 1);
                }
                break;
            default:
                hash.Add(Count);
                break;
        }
    }

    public static bool operator ==(MsgPackValue? left, MsgPackValue? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(MsgPackValue? left, MsgPackValue? right) => !(left == right);
}
