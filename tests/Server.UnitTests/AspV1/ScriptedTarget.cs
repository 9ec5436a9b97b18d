using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.Server.UnitTests.AspV1;

/// <summary>
/// A target that writes its input back as <c>chunks</c> chunks then completes, or (agent "hang") waits until the
/// engine aborts it, or (agent "blocks") first holds the receive loop until <see cref="Hold"/> is set. It records what
/// the engine told it.
/// </summary>
internal sealed class ScriptedTarget(int chunks) : IInvocationTarget
{
    public string Mode => "test";

    public string? StoppedWith { get; private set; }

    public TaskCompletionSource Aborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<MsgPackValue> Steered { get; } = [];

    private int _started;

    /// <summary>How many invocations reached the target (their deadlines are armed by then).</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>Agent "blocks" holds the thread that started it (the read loop: targets run inline) until this is set.</summary>
    public ManualResetEventSlim Hold { get; } = new(false);

    public async Task RunAsync(Invocation invocation)
    {
        Interlocked.Increment(ref _started);
        if (invocation.Agent == "blocks") Hold.Wait(TimeSpan.FromSeconds(10));
        if (invocation.Agent == "hang")
        {
            try
            {
                await Task.Delay(Timeout.Infinite, invocation.Aborted);
            }
            finally
            {
                Aborted.TrySetResult();
            }
        }
        if (invocation.Agent == "throws") throw new InvalidOperationException("boom");
        for (var i = 0; i < chunks; i++) await invocation.ChunkAsync(invocation.Input);
        await invocation.CompleteAsync(null);
    }

    public ValueTask<bool> SteerAsync(Invocation invocation, MsgPackValue data)
    {
        Steered.Add(data);
        return ValueTask.FromResult(true);
    }

    public ValueTask<bool> ReplyAsync(Invocation invocation, string rid, MsgPackValue data) => ValueTask.FromResult(true);

    public ValueTask StopAsync(Invocation invocation, string reason)
    {
        StoppedWith = reason;
        return ValueTask.CompletedTask;
    }
}
