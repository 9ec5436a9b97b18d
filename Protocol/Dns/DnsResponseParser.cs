using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace AgentPlatform.Protocol.Dns;

/// <summary>
/// Decodes a DNS response (RFC 1035 §4.1) with name compression (§4.1.4). Pure and total: any byte string yields
/// either a response or an error message, never an exception. Compression pointers must point backwards, which
/// rules out loops.
/// </summary>
public static class DnsResponseParser
{
    private const int HeaderLength = 12;

    public static bool TryParse(ReadOnlySequence<byte> message, out DnsResponse? response, out string? error) =>
        message.IsSingleSegment ? TryParse(message.FirstSpan, out response, out error) : TryParse(message.ToArray(), out response, out error);

    public static bool TryParse(ReadOnlySpan<byte> message, out DnsResponse? response, out string? error)
    {
        response = null;
        if (message.Length < HeaderLength) return Fail("shorter than the 12-byte header", out error);
        var id = BinaryPrimitives.ReadUInt16BigEndian(message);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        var qd = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        var an = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var pos = HeaderLength;
        string? questionName = null;
        ushort questionType = 0;
        for (var i = 0; i < qd; i++)
        {
            if (!TryReadName(message, ref pos, out var qname, out error)) return false;
            if (pos + 4 > message.Length) return Fail("question truncated", out error);
            if (i == 0)
            {
                questionName = qname;
                questionType = BinaryPrimitives.ReadUInt16BigEndian(message[pos..]);
            }
            pos += 4;
        }
        var answers = new List<DnsResourceRecord>(Math.Min((int)an, 64));
        for (var i = 0; i < an; i++)
        {
            if (!TryReadName(message, ref pos, out var name, out error)) return false;
            if (pos + 10 > message.Length) return Fail("answer header truncated", out error);
            var type = BinaryPrimitives.ReadUInt16BigEndian(message[pos..]);
            var cls = BinaryPrimitives.ReadUInt16BigEndian(message[(pos + 2)..]);
            var ttl = BinaryPrimitives.ReadUInt32BigEndian(message[(pos + 4)..]);
            var rdLength = BinaryPrimitives.ReadUInt16BigEndian(message[(pos + 8)..]);
            pos += 10;
            if (pos + rdLength > message.Length) return Fail("RDATA truncated", out error);
            answers.Add(new DnsResourceRecord(name!, type, cls, ttl, message.Slice(pos, rdLength).ToArray()));
            pos += rdLength;
        }
        response = new DnsResponse
        {
            Id = id,
            IsResponse = (flags & 0x8000) != 0,
            Truncated = (flags & 0x0200) != 0,
            ResponseCode = (DnsResponseCode)(flags & 0x000F),
            QuestionName = questionName,
            QuestionType = questionType,
            Answers = answers,
        };
        error = null;
        return true;
    }

    /// <summary>Reads a possibly compressed name at <paramref name="pos"/>; advances past its in-place bytes.</summary>
    public static bool TryReadName(ReadOnlySpan<byte> message, ref int pos, out string? name, out string? error)
    {
        name = null;
        var sb = new StringBuilder();
        var cursor = pos;
        var jumped = false;
        var length = 0;
        while (true)
        {
            if (cursor >= message.Length) return Fail("name runs past the message", out error);
            var len = message[cursor];
            if ((len & 0xC0) == 0xC0)
            {
                if (cursor + 1 >= message.Length) return Fail("compression pointer truncated", out error);
                var target = ((len & 0x3F) << 8) | message[cursor + 1];
                if (target >= cursor) return Fail("compression pointer does not point backwards", out error);
                if (!jumped) pos = cursor + 2;
                jumped = true;
                cursor = target;
                continue;
            }
            if ((len & 0xC0) != 0) return Fail("reserved label type", out error);
            if (len == 0)
            {
                if (!jumped) pos = cursor + 1;
                break;
            }
            if (cursor + 1 + len > message.Length) return Fail("label runs past the message", out error);
            length += len + 1;
            if (length > 255) return Fail("name longer than 255 bytes", out error);
            if (sb.Length > 0) sb.Append('.');
            foreach (var b in message.Slice(cursor + 1, len))
            {
                sb.Append(b is >= (byte)'A' and <= (byte)'Z' ? (char)(b + 32) : (char)b);
            }
            cursor += 1 + len;
        }
        name = sb.ToString();
        error = null;
        return true;
    }

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }
}
