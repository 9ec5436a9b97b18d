using AgentPlatform.Agents;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Client.Tests.Agenkit;

/// <summary>
/// <c>probe</c>: does what its input asks, so one agent covers every case of the wire tests.
/// <c>{delayMs, echo}</c> waits then streams <c>echo</c>; <c>{chunks, size}</c> streams that many strings of that
/// length; <c>{fail: code}</c> throws AgentException; <c>{hang: true}</c> waits until cancelled; <c>{result: x}</c>
/// returns x without streaming. It counts calls and records cancellations.
/// </summary>
public sealed class ProbeAgent(string name = "probe") : IAgent
{
    private int _calls;
    private int _cancellations;

    public string Name => name;

    public int Calls => Volatile.Read(ref _calls);

    public int Cancellations => Volatile.Read(ref _cancellations);

    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AgentDescriptor Describe() => new() { Name = Name, Capabilities = ["stream"], Description = "test probe" };

    public async ValueTask<MsgPackValue?> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        Started.TrySetResult();
        var input = invocation.Input;
        try
        {
            if (input.Kind != MsgPackValueKind.Map)
            {
                await invocation.WriteChunkAsync(input, cancellationToken);
                return null;
            }
            if (input.TryGetValue("fail", out var code)) throw new AgentException(code.AsString(), "probe failed on purpose", retryable: false);
            if (input.TryGetValue("hang", out _)) await Task.Delay(Timeout.Infinite, cancellationToken);
            if (input.TryGetValue("delayMs", out var delay)) await Task.Delay((int)delay.AsInt64(), cancellationToken);
            if (input.TryGetValue("echo", out var echo)) await invocation.WriteChunkAsync(echo, cancellationToken);
            if (input.TryGetValue("chunks", out var chunks))
            {
                var size = input.TryGetValue("size", out var s) ? (int)s.AsInt64() : 16;
                var text = new string('x', size);
                for (var i = 0; i < chunks.AsInt64(); i++) await invocation.WriteChunkAsync(text, cancellationToken);
            }
            return input.TryGetValue("result", out var result) ? result : null;
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancellations);
            Cancelled.TrySetResult();
            throw;
        }
    }
}
