using AgentPlatform.Agents;
using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.AgentHost.Endpoint;

/// <summary>One invocation in flight at a server: its cancellation, its deadline, its frame channel and its steering.</summary>
internal sealed class RunningInvocation : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private int _state; // 0 running, 1 interrupted, 2 abandoned

    public RunningInvocation(InvokeFrame invoke, Func<AspFrame, ValueTask> send)
    {
        Invoke = invoke;
        Channel = new FrameInvocationChannel(invoke.Id, invoke.Stream ?? true, frame => MaySend ? send(frame) : ValueTask.CompletedTask);
        if (invoke.TimeoutMs is { } timeout)
        {
            _cancel.CancelAfter(TimeSpan.FromMilliseconds(timeout));
        }
    }

    public InvokeFrame Invoke { get; }

    public FrameInvocationChannel Channel { get; }

    /// <summary>Where INTERRUPT frames with <c>data</c> (steering) go.</summary>
    public SteeringInbox Steering { get; } = new();

    public CancellationToken Token => _cancel.Token;

    /// <summary>False once interrupted or abandoned: the client already has (or needs) no further frame.</summary>
    public bool MaySend => Volatile.Read(ref _state) == 0;

    public bool TimedOut => _cancel.IsCancellationRequested && Volatile.Read(ref _state) == 0;

    public bool TryInterrupt()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0) return false;
        Cancel();
        return true;
    }

    public void Abandon()
    {
        Interlocked.CompareExchange(ref _state, 2, 0);
        Cancel();
    }

    private void Cancel()
    {
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Finished meanwhile.
        }
        Channel.CancelRequests();
    }

    public void Dispose()
    {
        Steering.Close();
        _cancel.Dispose();
        Channel.Dispose();
    }
}
