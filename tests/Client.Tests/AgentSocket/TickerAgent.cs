using AgentPlatform.Agents;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Client.Tests.AgentSocket;

/// <summary>
/// <c>ticker</c>: streams the integers 0..count-1 (<c>{count, delayMs}</c>), pausing between them, and returns the
/// count; steering input (INTERRUPT with data) comes back as a chunk <c>{steered: data}</c> after the next tick. Records when its token fires, so tests can prove an interrupt reached the agent.
/// </summary>
public sealed class TickerAgent : IAgent
{
    private int _cancellations;

    public int Cancellations => Volatile.Read(ref _cancellations);

    public TaskCompletionSource Cancelled { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => "ticker";

    public AgentDescriptor Describe() => new() { Name = Name, Capabilities = ["stream"] };

    public async ValueTask<MsgPackValue?> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken)
    {
        var count = invocation.Input["count"].AsInt64();
        var delay = invocation.Input.TryGetValue("delayMs", out var d) ? (int)d.AsInt64() : 0;
        try
        {
            for (long i = 0; i < count; i++)
            {
                await invocation.WriteChunkAsync(i, cancellationToken);
                while (invocation.Steering.TryRead(out var steered)) await invocation.WriteChunkAsync(MsgPackValue.Map(("steered", steered)), cancellationToken);
                if (delay > 0) await Task.Delay(delay, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancellations);
            Cancelled.TrySetResult();
            throw;
        }
        return count;
    }

    public static MsgPackValue Input(int count, int delayMs = 0) => MsgPackValue.Map(("count", count), ("delayMs", delayMs));
}
