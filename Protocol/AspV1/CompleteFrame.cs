using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.AspV1;

/// <summary>COMPLETE (0x06): <c>{id, result?, metrics?}</c>, the successful end of an invocation.</summary>
/// <param name="Id">Key <c>id</c>: the invocation id.</param>
public sealed record CompleteFrame(string Id) : AspFrame
{
    /// <inheritdoc/>
    public override AspOpcode Opcode => AspOpcode.Complete;

    /// <summary>Key <c>result</c>: the final value, if the agent returns one.</summary>
    public MsgPackValue? Result { get; init; }

    /// <summary>Key <c>metrics</c>.</summary>
    public CompleteMetrics? Metrics { get; init; }
}
