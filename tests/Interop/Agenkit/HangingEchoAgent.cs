using AgentPlatform.Agents;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Interop.Agenkit;

/// <summary>An agent of any name: streams its input back, or, for input <c>"hang"</c>, waits until cancelled and records it.</summary>
public sealed class HangingEchoAgent(string name) : IAgent
{
    public string Name => name;

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AgentDescriptor Describe() => new() { Name = name, Capabilities = ["stream"], Description = "interop echo" };

    public async ValueTask<MsgPackValue?> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken)
    {
        if (invocation.Input is { Kind: MsgPackValueKind.String } s && s.AsString() == "hang")
        {
            Started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled.TrySetResult();
                throw;
            }
        }
        await invocation.WriteChunkAsync(invocation.Input, cancellationToken);
        return null;
    }
}
