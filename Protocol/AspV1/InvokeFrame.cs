using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.AspV1;

/// <summary>INVOKE (0x02): <c>{id, agent, input, stream?, timeoutMs?}</c>.</summary>
/// <param name="Id">Key <c>id</c>: the invocation id, chosen by the client, unique among its invocations in flight.</param>
/// <param name="Agent">Key <c>agent</c>: the agent name.</param>
/// <param name="Input">Key <c>input</c>: any value; forwarded byte for byte.</param>
public sealed record InvokeFrame(string Id, string Agent, MsgPackValue Input) : AspFrame
{
    /// <inheritdoc/>
    public override AspOpcode Opcode => AspOpcode.Invoke;

    /// <summary>Key <c>stream</c>: false asks for no STREAM frames (the whole output in COMPLETE); absent means true.</summary>
    public bool? Stream { get; init; }

    /// <summary>Key <c>timeoutMs</c>: the client's deadline for the invocation.</summary>
    public uint? TimeoutMs { get; init; }
}
