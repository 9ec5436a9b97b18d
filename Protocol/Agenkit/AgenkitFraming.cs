using System.Buffers;
using System.Buffers.Binary;

namespace AgentPlatform.Protocol.Agenkit;

/// <summary>
/// Frames: a 32-bit unsigned big-endian body length, then the body. Pure functions over buffers; the transport
/// (a socket, a pipe) lives elsewhere.
/// </summary>
public static class AgenkitFraming
{
    /// <summary>
    /// Reads one frame from the start of <paramref name="buffer"/>. A length over <paramref name="maxFrameBytes"/>
    /// is <see cref="AgenkitFrameStatus.TooLarge"/> as soon as the 4 header bytes are there, whatever follows.
    /// </summary>
    public static AgenkitFrameStatus TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxFrameBytes, out ReadOnlySequence<byte> body, out long announcedLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxFrameBytes);
        body = default;
        announcedLength = -1;
        if (buffer.Length < AgenkitProtocol.HeaderLength) return AgenkitFrameStatus.Incomplete;
        Span<byte> header = stackalloc byte[AgenkitProtocol.HeaderLength];
        buffer.Slice(0, AgenkitProtocol.HeaderLength).CopyTo(header);
        announcedLength = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (announcedLength > maxFrameBytes) return AgenkitFrameStatus.TooLarge;
        if (buffer.Length - AgenkitProtocol.HeaderLength < announcedLength) return AgenkitFrameStatus.Incomplete;
        body = buffer.Slice(AgenkitProtocol.HeaderLength, announcedLength);
        buffer = buffer.Slice(body.End);
        return AgenkitFrameStatus.Complete;
    }

    /// <summary>Writes a header and <paramref name="body"/>.</summary>
    public static void WriteFrame(IBufferWriter<byte> output, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(AgenkitProtocol.HeaderLength + body.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)body.Length);
        body.CopyTo(span[AgenkitProtocol.HeaderLength..]);
        output.Advance(AgenkitProtocol.HeaderLength + body.Length);
    }

    /// <summary>
    /// Encodes <paramref name="envelope"/> and writes it as one frame, unless its body would be over
    /// <paramref name="maxFrameBytes"/>: then nothing is written and false returned, so a sender never emits what
    /// its peer must refuse.
    /// </summary>
    public static bool TryWriteFrame(IBufferWriter<byte> output, AgenkitEnvelope envelope, AgenkitCodec codec = AgenkitCodec.Json, int maxFrameBytes = AgenkitProtocol.DefaultMaxFrameBytes)
    {
        ArgumentNullException.ThrowIfNull(output);
        var body = new ArrayBufferWriter<byte>(256);
        AgenkitEnvelopeCodec.Encode(envelope, body, codec);
        if (body.WrittenCount > maxFrameBytes) return false;
        WriteFrame(output, body.WrittenSpan);
        return true;
    }

    /// <summary>One frame as an array (tests, and peers that send whole frames).</summary>
    public static byte[] ToFrame(AgenkitEnvelope envelope, AgenkitCodec codec = AgenkitCodec.Json)
    {
        var output = new ArrayBufferWriter<byte>(256);
        if (!TryWriteFrame(output, envelope, codec, int.MaxValue)) throw new InvalidOperationException("Unreachable: no limit");
        return output.WrittenSpan.ToArray();
    }
}
