using System.Buffers;
using System.Buffers.Binary;

namespace AgentPlatform.Server.Transport;

/// <summary>
/// The framing of an inbound pipe: each message the transport received is written as a 5-byte header (kind, then
/// the payload length as a little-endian uint32) followed by the payload. Transports write it
/// (<see cref="WebSocketPump"/>, or a test writing straight into a <see cref="System.IO.Pipelines.Pipe"/>); engines
/// read it with <see cref="TryRead"/>. Message boundaries thus survive the pipe, and an engine never touches a socket.
/// </summary>
public static class InboundMessages
{
    public const int HeaderSize = 5;

    /// <summary>Takes one whole message off the front of <paramref name="buffer"/>; false until one is complete.</summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out MessageKind kind, out ReadOnlySequence<byte> payload)
    {
        kind = default;
        payload = default;
        if (buffer.Length < HeaderSize) return false;
        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header[1..]);
        if (buffer.Length - HeaderSize < length) return false;
        kind = (MessageKind)header[0];
        payload = buffer.Slice(HeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>Writes the header of a message of <paramref name="length"/> bytes.</summary>
    public static void WriteHeader(Span<byte> destination, MessageKind kind, int length)
    {
        destination[0] = (byte)kind;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[1..], (uint)length);
    }

    /// <summary>Writes one whole message (header and payload); for transports that hold the message already.</summary>
    public static void Write(IBufferWriter<byte> output, MessageKind kind, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(HeaderSize + payload.Length);
        WriteHeader(span, kind, payload.Length);
        payload.CopyTo(span[HeaderSize..]);
        output.Advance(HeaderSize + payload.Length);
    }
}
