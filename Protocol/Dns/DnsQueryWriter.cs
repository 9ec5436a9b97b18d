using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace AgentPlatform.Protocol.Dns;

/// <summary>Writes a standard query (RFC 1035 §4.1): header, one question, recursion desired, no EDNS.</summary>
public static class DnsQueryWriter
{
    public const int MaxNameLength = 253;

    /// <summary>True when <paramref name="name"/> is a writable ASCII domain name (labels 1..63 bytes, total ≤ 253).</summary>
    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name)) return false;
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        if (trimmed.Length is 0 or > MaxNameLength) return false;
        foreach (var label in trimmed.Split('.'))
        {
            if (label.Length is 0 or > 63) return false;
            foreach (var c in label)
            {
                if (c is <= ' ' or > '~') return false;
            }
        }
        return true;
    }

    /// <summary>Writes the query; false (nothing written) when the name is not valid.</summary>
    public static bool TryWrite(IBufferWriter<byte> output, ushort id, string name, DnsRecordType type)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!IsValidName(name)) return false;
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        var span = output.GetSpan(12 + trimmed.Length + 2 + 4);
        BinaryPrimitives.WriteUInt16BigEndian(span, id);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], 0x0100); // RD
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], 1); // QDCOUNT
        span[6..12].Clear();
        var pos = 12;
        foreach (var label in trimmed.Split('.'))
        {
            span[pos++] = (byte)label.Length;
            pos += Encoding.ASCII.GetBytes(label, span[pos..]);
        }
        span[pos++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(span[pos..], (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(span[(pos + 2)..], 1); // IN
        output.Advance(pos + 4);
        return true;
    }
}
