using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.AspV1;

/// <summary>REQUEST (0x08): <c>{id, rid, kind, data}</c>, the agent asks the client mid-invocation.</summary>
/// <param name="Id">Key <c>id</c>: the invocation id.</param>
/// <param name="Rid">Key <c>rid</c>: the request id, unique within the invocation.</param>
/// <param name="Kind">Key <c>kind</c>: what is asked, e.g. <c>"clarification"</c> or <c>"permission"</c>.</param>
/// <param name="Data">Key <c>data</c>: any value describing the question.</param>
public sealed record RequestFrame(string Id, string Rid, string Kind, MsgPackValue Data) : AspFrame
{
    /// <inheritdoc/>
    public override AspOpcode Opcode => AspOpcode.Request;
}
