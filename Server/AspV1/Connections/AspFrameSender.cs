using System.Buffers;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Server.AspV1.Connections;

/// <summary>Encodes asp-v1 frames into a session's outbox: every frame but HELLO and ACK is tracked and numbered (key s).</summary>
public static class AspFrameSender
{
    /// <summary>Queues <paramref name="frame"/> with backpressure; false when the session is closed.</summary>
    public static async ValueTask<bool> SendAsync(IAspV1Connection connection, AspFrame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(frame);
        var tracked = frame.Opcode is not (AspOpcode.Hello or AspOpcode.Ack);
        var seq = await connection.Outbox.SendAsync(frame, static (s, f) => Encode(f, s > 0 ? (ulong)s : null), tracked, cancellationToken)
            .ConfigureAwait(false);
        return seq >= 0;
    }

    /// <summary>One frame as one binary WebSocket message.</summary>
    public static OutboundFrame Encode(AspFrame frame, ulong? sessionSeq = null)
    {
        // Written into this thread's scratch buffer, then copied once into an array of the exact size (the frame is
        // kept for replay): one allocation per frame instead of a growing writer and its discarded arrays.
        var scratch = _scratch ??= new ArrayBufferWriter<byte>(256);
        scratch.ResetWrittenCount();
        AspV1Protocol.Write(frame, sessionSeq, scratch);
        var bytes = scratch.WrittenSpan.ToArray();
        if (scratch.Capacity > 64 * 1024) _scratch = null;
        return new OutboundFrame(bytes, FrameType.Binary);
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _scratch;
}
