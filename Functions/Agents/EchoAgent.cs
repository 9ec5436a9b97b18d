using AgentPlatform.Agents;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Functions.Agents;

/// <summary>
/// <c>echo</c>: exactly one STREAM whose data is the input value unchanged (same bytes), then COMPLETE without a
/// result. Interop tests and benchmarks rely on this shape.
/// </summary>
public sealed class EchoAgent : IAgent
{
    public string Name => "echo";

    public AgentDescriptor Describe() => new()
    {
        Name = Name,
        Description = "Streams its input back unchanged, as exactly one chunk.",
        Capabilities = ["stream"],
    };

    public async ValueTask<MsgPackValue?> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        await invocation.WriteChunkAsync(invocation.Input, cancellationToken).ConfigureAwait(false);
        return null;
    }
}
