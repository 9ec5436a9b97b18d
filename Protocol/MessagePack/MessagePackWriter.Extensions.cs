using System.Buffers.Binary;

namespace AgentPlatform.Protocol.MessagePack;

/// <summary>Extension values and the timestamp extension (type -1).</summary>
public ref partial struct MessagePackWriter
{
    /// <summary>Writes an extension header (fixext 1/2/4/8/16 when the length allows, else ext 8/16/32).</summary>
    public void WriteExtensionHeader(sbyte typeCode, int length)
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
            var span = Reserve(2);
            span[0] = fixCode;
            span[1] = unchecked((byte)typeCode);
            Commit(2);
        }
        else if (length <= byte.MaxValue)
        {
            var span = Reserve(3);
            span[0] = MessagePackCode.Ext8;
            span[1] = (byte)length;
            span[2] = unchecked((byte)typeCode);
            Commit(3);
        }
        else if (length <= ushort.MaxValue)
        {
            var span = Reserve(4);
            span[0] = MessagePackCode.Ext16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)length);
            span[3] = unchecked((byte)typeCode);
            Commit(4);
        }
        else
        {
            var span = Reserve(6);
            span[0] = MessagePackCode.Ext32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
            span[5] = unchecked((byte)typeCode);
            Commit(6);
        }
    }

    /// <summary>Writes a whole extension value.</summary>
    public void WriteExtension(sbyte typeCode, scoped ReadOnlySpan<byte> data)
    {
        WriteExtensionHeader(typeCode, data.Length);
        WriteRaw(data);
    }

    /// <summary>Writes the timestamp extension in its smallest size (timestamp 32, 64 or 96).</summary>
    public void Write(MessagePackTimestamp value)
    {
        var length = value.EncodedLength;
        WriteExtensionHeader(MessagePackCode.TimestampExtensionType, length);
        var span = Reserve(length);
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
        Commit(length);
    }

    /// <summary>Writes a <see cref="DateTime"/> as the timestamp extension (Unspecified is taken as UTC).</summary>
    public void Write(DateTime value) => Write(MessagePackTimestamp.FromDateTime(value));
}
