using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.AspV1;

/// <summary>REPLY (0x09): <c>{id, rid, data}</c>, the client's answer to a REQUEST.</summary>
/// <param name="Id">Key <c>id</c>: the invocation id.</param>
/// <param name="Rid">Key <c>rid</c>: the request id being answered.</param>
/// <param name="Data">Key <c>data</c>: any value.</param>
public sealed record ReplyFrame(string Id, string Rid, MsgPackValue Data) : AspFrame
{
    /// <inheritdoc/>
    public override AspOpcode Opcode => AspOpcode.Reply;
}
