namespace AgentPlatform.Protocol.AspV1;

/// <summary>ACK (0x0A): <c>{seq}</c>, every frame up to and including session sequence number <c>seq</c> was processed.</summary>
/// <param name="Seq">Key <c>seq</c>: the highest session sequence number processed (cumulative).</param>
public sealed record AckFrame(ulong Seq) : AspFrame
{
    /// <inheritdoc/>
    public override AspOpcode Opcode => AspOpcode.Ack;
}
