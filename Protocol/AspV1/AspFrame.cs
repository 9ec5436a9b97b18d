namespace AgentPlatform.Protocol.AspV1;

/// <summary>
/// One asp-v1 frame: one WebSocket binary message, <c>[opcode u8][MessagePack map]</c>.
/// Parse with <see cref="AspV1Protocol.Parse(System.Buffers.ReadOnlySequence{byte}, AspV1Options?)"/>,
/// write with <see cref="AspV1Protocol.Write(AspFrame, System.Buffers.IBufferWriter{byte})"/>.
/// </summary>
public abstract record AspFrame
{
    /// <summary>The opcode that starts this frame's message.</summary>
    public abstract AspOpcode Opcode { get; }

    /// <summary>
    /// Key <c>s</c>: the session sequence number of this frame in a reliable session (consecutive from 1 per
    /// direction); absent otherwise, and never on HELLO or ACK.
    /// </summary>
    public ulong? SessionSeq { get; init; }
}
