using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.AspV1;

/// <summary>INTERRUPT (0x04): <c>{id, reason?, data?}</c>: cancel (no data) or steer (with data) an invocation in flight.</summary>
/// <param name="Id">Key <c>id</c>: the invocation id.</param>
public sealed record InterruptFrame(string Id) : AspFrame
{
    /// <inheritdoc/>
    public override AspOpcode Opcode => AspOpcode.Interrupt;

    /// <summary>Key <c>reason</c>: free text for logs and the agent.</summary>
    public string? Reason { get; init; }

    /// <summary>Key <c>data</c>: steering input for the agent; absent means cancel.</summary>
    public MsgPackValue? Data { get; init; }
}
