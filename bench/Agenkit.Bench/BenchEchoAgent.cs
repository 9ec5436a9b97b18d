using AgentPlatform.Agents;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Agenkit.Bench;

/// <summary><c>bench-echo</c> (or another name): its input back as one chunk, so a process answer's content is the request's content.</summary>
public sealed class BenchEchoAgent(string name = BenchEchoAgent.AgentName) : IAgent
{
    public const string AgentName = "bench-echo";

    public string Name => name;

    public AgentDescriptor Describe() => new() { Name = name, Capabilities = ["stream"] };

    public async ValueTask<MsgPackValue?> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        await invocation.WriteChunkAsync(invocation.Input, cancellationToken).ConfigureAwait(false);
        return null;
    }
}
