using System.Buffers;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.AspV1;

/// <summary>
/// asp-v1 (docs/protocol/asp-v1.md): one WebSocket binary message is one frame, <c>[opcode u8][MessagePack map]</c>.
/// Parsing is pure: give it the whole message, get a frame record or an <see cref="AspProtocolException"/>.
/// </summary>
public static class AspV1Protocol
{
    /// <summary>The WebSocket subprotocol name (Sec-WebSocket-Protocol).</summary>
    public const string SubProtocol = "asp-v1";

    /// <summary>The protocol version HELLO's <c>v</c> carries.</summary>
    public const int Version = 1;

    /// <summary>
    /// Parses one whole WebSocket message. Payload values (<c>input</c>, <c>data</c>, <c>result</c>, <c>schema</c>)
    /// are copied out of <paramref name="message"/> as their original bytes, so the frame outlives the receive buffer
    /// and writes them back byte for byte.
    /// </summary>
    /// <exception cref="AspProtocolException">
    /// FRAME_TOO_LARGE when over <see cref="AspV1Options.MaxFrameSize"/>; BAD_FRAME for anything malformed: empty message,
    /// unknown opcode, bad MessagePack, a body that is not one map, a missing, duplicate or mistyped field.
    /// Nothing else escapes for any input.
    /// </exception>
    public static AspFrame Parse(ReadOnlySequence<byte> message, AspV1Options? options = null)
    {
        options ??= AspV1Options.Default;
        if (message.IsSingleSegment) return Parse(message.First, options);
        CheckSize(message.Length, options);
        var opcode = message.FirstSpan[0];
        try
        {
            var reader = new MessagePackReader(message.Slice(1), options.MessagePack);
            return ReadBody(opcode, ref reader);
        }
        catch (MessagePackException ex)
        {
            throw new AspProtocolException(AspErrorCodes.BadFrame, ((AspOpcode)opcode) + ": " + ex.Message, ex);
        }
    }

    /// <inheritdoc cref="Parse(ReadOnlySequence{byte}, AspV1Options?)"/>
    public static AspFrame Parse(ReadOnlyMemory<byte> message, AspV1Options? options = null)
    {
        options ??= AspV1Options.Default;
        CheckSize(message.Length, options);
        var opcode = message.Span[0];
        try
        {
            var reader = new MessagePackReader(message[1..], options.MessagePack);
            return ReadBody(opcode, ref reader);
        }
        catch (MessagePackException ex)
        {
            throw new AspProtocolException(AspErrorCodes.BadFrame, ((AspOpcode)opcode) + ": " + ex.Message, ex);
        }
    }

    private static void CheckSize(long length, AspV1Options options)
    {
        if (length > options.MaxFrameSize)
        {
            throw new AspProtocolException(AspErrorCodes.FrameTooLarge,
                "message of " + length + " bytes is over maxFrame " + options.MaxFrameSize);
        }
        if (length == 0) throw new AspProtocolException(AspErrorCodes.BadFrame, "empty message");
    }

    private static AspFrame ReadBody(byte opcode, ref MessagePackReader reader)
    {
        var frame = AspFrameReader.Read(opcode, ref reader);
        if (!reader.End)
        {
            throw new AspProtocolException(AspErrorCodes.BadFrame, reader.Remaining + " bytes after the frame's map");
        }
        return frame;
    }

    /// <summary>Writes <paramref name="frame"/> (with its own <see cref="AspFrame.SessionSeq"/>) as one message.</summary>
    public static void Write(AspFrame frame, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Write(frame, frame.SessionSeq, output);
    }

    /// <summary>
    /// Writes <paramref name="frame"/> with session sequence number <paramref name="sessionSeq"/> instead of its own
    /// (the reliable-session sender numbers frames as it sends them, without copying the record).
    /// HELLO and ACK never carry one; it is ignored for them.
    /// </summary>
    public static void Write(AspFrame frame, ulong? sessionSeq, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame is StreamFrame stream && StreamFrameWriter.TryWrite(stream, sessionSeq, output)) return;
        var writer = MessagePackWriter.CreateBuffered(output);
        AspFrameWriter.Write(frame, sessionSeq, ref writer);
        writer.Flush();
    }

    /// <summary>Writes <paramref name="frame"/> into a new array (tests and cold paths).</summary>
    public static byte[] ToArray(AspFrame frame)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        Write(frame, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The invocation a frame belongs to (key <c>id</c>); null for HELLO, ACK and connection-level frames.</summary>
    public static string? InvocationIdOf(AspFrame frame) => frame switch
    {
        InvokeFrame i => i.Id,
        InterruptFrame i => i.Id,
        ReplyFrame r => r.Id,
        StreamFrame s => s.Id,
        ToolDefFrame t => t.Id,
        CompleteFrame c => c.Id,
        ErrorFrame e => e.Id,
        RequestFrame r => r.Id,
        _ => null,
    };
}
