using System.Buffers;
using System.Buffers.Binary;

namespace AgentPlatform.Protocol.Dns;

/// <summary>DNS over TCP framing (RFC 1035 §4.2.2, RFC 7766): each message is preceded by its 2-byte big-endian length.</summary>
public static class DnsTcpFraming
{
    public static void WriteFrame(IBufferWriter<byte> output, ReadOnlySpan<byte> message)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (message.Length > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(message), "DNS messages are at most 65535 bytes");
        var span = output.GetSpan(2 + message.Length);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)message.Length);
        message.CopyTo(span[2..]);
        output.Advance(2 + message.Length);
    }

    /// <summary>Takes one whole message off the front of <paramref name="buffer"/>; false when more bytes are needed.</summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message)
    {
        message = default;
        if (buffer.Length < 2) return false;
        Span<byte> prefix = stackalloc byte[2];
        buffer.Slice(0, 2).CopyTo(prefix);
        var length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
        if (buffer.Length < 2 + length) return false;
        message = buffer.Slice(2, length);
        buffer = buffer.Slice(2 + length);
        return true;
    }
}
