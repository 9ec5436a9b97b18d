using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.AspV1;

/// <summary>STREAM (0x03): <c>{id, seq, data}</c>, one chunk of an invocation's output.</summary>
/// <param name="Id">Key <c>id</c>: the invocation id.</param>
/// <param name="Seq">Key <c>seq</c>: the chunk number within the invocation, from 0 (not the session sequence number).</param>
/// <param name="Data">Key <c>data</c>: any value (a token string, a structured delta, bytes).</param>
public sealed record StreamFrame(string Id, ulong Seq, MsgPackValue Data) : AspFrame
{
    /// <inheritdoc/>
    public override AspOpcode Opcode => AspOpcode.Stream;
}
