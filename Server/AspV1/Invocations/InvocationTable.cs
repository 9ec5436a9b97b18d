using System.Collections.Concurrent;
using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.Server.AspV1.Invocations;

/// <summary>
/// The invocation lifecycle of one connection (or provider link), the same wherever invocations run: INVOKE is refused
/// (DUPLICATE_ID, TOO_MANY_INVOCATIONS, UNKNOWN_AGENT) or started on the target the router picks; INTERRUPT cancels
/// (ERROR INTERRUPTED at once) or steers; REPLY reaches the target that asked; the deadline is the smaller of
/// <c>timeoutMs</c> and the host's limit (ERROR TIMEOUT); when the connection ends, everything in flight is stopped.
/// </summary>
public sealed class InvocationTable(
    IFrameOutput output, IInvocationRouter router, InvocationCaller caller, InvocationLimits limits, IInvocationObserver observer,
    TimeProvider time)
{
    // Small on purpose: every connection has one, most hold an invocation or two, and a default-sized dictionary
    // (31 buckets, a lock per core) is a kilobyte per idle connection. It grows when a client runs many at once.
    private readonly ConcurrentDictionary<string, Invocation> _running = new(concurrencyLevel: 1, capacity: 4, StringComparer.Ordinal);

    public int Count => _running.Count;

    public bool IsEmpty => _running.IsEmpty;

    public InvocationCaller Caller { get; } = caller;

    internal IFrameOutput Output { get; } = output;

    internal IInvocationObserver Observer { get; } = observer;

    public bool TryGet(string id, out Invocation invocation) => _running.TryGetValue(id, out invocation!);

    /// <summary>Handles INVOKE: refuses it with an ERROR, or starts it and returns once the target awaits something.</summary>
    public async ValueTask StartAsync(InvokeFrame invoke)
    {
        ArgumentNullException.ThrowIfNull(invoke);
        if (_running.ContainsKey(invoke.Id))
        {
            await Output.SendAsync(ErrorFrame.For(AspErrorCodes.DuplicateId, "an invocation with this id is in flight", invoke.Id)).ConfigureAwait(false);
            return;
        }
        if (_running.Count >= limits.MaxConcurrent)
        {
            await Output.SendAsync(new ErrorFrame(AspErrorCodes.TooManyInvocations,
                $"at most {limits.MaxConcurrent} invocations may be in flight", true) { Id = invoke.Id }).ConfigureAwait(false);
            return;
        }
        var target = router.Route(invoke, Caller);
        if (target is null)
        {
            Observer.UnknownAgent(invoke.Agent);
            await Output.SendAsync(new ErrorFrame(AspErrorCodes.UnknownAgent, "no agent named " + invoke.Agent + " is available", false)
            {
                Id = invoke.Id,
            }).ConfigureAwait(false);
            return;
        }
        var invocation = new Invocation(invoke, Caller, target, this);
        if (!_running.TryAdd(invoke.Id, invocation))
        {
            await Output.SendAsync(ErrorFrame.For(AspErrorCodes.DuplicateId, "an invocation with this id is in flight", invoke.Id)).ConfigureAwait(false);
            return;
        }
        Observer.InvocationStarted(invocation);
        if (Deadline(invoke) is { } deadline)
        {
            var timer = time.CreateTimer(static s => ((Invocation)s!).TimeOut(), invocation, deadline, Timeout.InfiniteTimeSpan);
            invocation.Aborted.Register(static t => ((ITimer)t!).Dispose(), timer);
        }
        // Inline, not Task.Run: the target runs on the receive loop up to its first pending await, which saves a
        // thread hop per call; the task is kept with the invocation and awaited when the connection ends.
        invocation.Running = RunAsync(invocation);
    }

    /// <summary>
    /// INTERRUPT. Without data it cancels: ERROR INTERRUPTED at once, then the target stops. With data it steers:
    /// the data goes to the running target and the invocation goes on.
    /// </summary>
    public async ValueTask InterruptAsync(InterruptFrame interrupt)
    {
        ArgumentNullException.ThrowIfNull(interrupt);
        if (!_running.TryGetValue(interrupt.Id, out var invocation) || invocation.Ended)
        {
            await UnknownAsync(interrupt.Id, "no invocation with this id is in flight").ConfigureAwait(false);
            return;
        }
        if (interrupt.Data is { } steering)
        {
            if (!await TryTargetAsync(() => invocation.Target.SteerAsync(invocation, steering)).ConfigureAwait(false))
            {
                await UnknownAsync(interrupt.Id, "no invocation with this id is in flight").ConfigureAwait(false);
            }
            return;
        }
        var reason = interrupt.Reason ?? "interrupted by the client";
        if (await invocation.EndAsync(() => new ErrorFrame(AspErrorCodes.Interrupted, reason, false) { Id = invocation.Id },
                InvocationStatus.Interrupted, AspErrorCodes.Interrupted).ConfigureAwait(false))
        {
            await StopTargetAsync(invocation, reason).ConfigureAwait(false);
        }
        else
        {
            await UnknownAsync(interrupt.Id, "no invocation with this id is in flight").ConfigureAwait(false);
        }
    }

    /// <summary>REPLY: to the target that sent the REQUEST.</summary>
    public async ValueTask ReplyAsync(ReplyFrame reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (!_running.TryGetValue(reply.Id, out var invocation) || invocation.Ended || !invocation.TakeRequest(reply.Rid))
        {
            await UnknownAsync(reply.Id, "no request with this id is waiting").ConfigureAwait(false);
            return;
        }
        if (!await TryTargetAsync(() => invocation.Target.ReplyAsync(invocation, reply.Rid, reply.Data)).ConfigureAwait(false))
        {
            await UnknownAsync(reply.Id, "the agent is no longer waiting for this reply").ConfigureAwait(false);
        }
    }

    /// <summary>The connection ended for good: everything in flight is stopped, nothing more is sent.</summary>
    public async Task StopAllAsync(string reason)
    {
        var stopped = new List<Task>();
        foreach (var invocation in _running.Values)
        {
            if (!invocation.TryEndSilently()) continue;
            Remove(invocation);
            Observer.InvocationEnded(invocation, InvocationStatus.Interrupted, AspErrorCodes.Interrupted);
            await StopTargetAsync(invocation, reason).ConfigureAwait(false);
            stopped.Add(invocation.Running);
            stopped.Add(invocation.TimingOut);
        }
        // The targets saw Aborted; their tasks end promptly, and are not left running unobserved.
        await Task.WhenAll(stopped).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Stops a target; a failure to reach it (a backplane error) must not stop the others or the read loop.</summary>
    internal static async ValueTask StopTargetAsync(Invocation invocation, string reason)
    {
        try
        {
            await invocation.Target.StopAsync(invocation, reason).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The work behind it ends anyway: its Aborted token fired.
        }
    }

    private static async ValueTask<bool> TryTargetAsync(Func<ValueTask<bool>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }

    internal void Remove(Invocation invocation) =>
        _running.TryRemove(new KeyValuePair<string, Invocation>(invocation.Id, invocation));

    private static async Task RunAsync(Invocation invocation)
    {
        try
        {
            // Ended before it started (a tiny timeoutMs, the connection closing): nothing to run.
            if (invocation.Ended) return;
            await invocation.Target.RunAsync(invocation).ConfigureAwait(false);
            if (!invocation.Ended)
            {
                await invocation.FailAsync(AspErrorCodes.Internal, "the agent ended without a result", false).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (invocation.Aborted.IsCancellationRequested)
        {
            // Ended by an interrupt, the timeout or the client leaving: whoever ended it reported it.
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !invocation.Ended)
        {
            await invocation.FailAsync(AspErrorCodes.Internal, "the agent failed: " + ex.GetType().Name, false).ConfigureAwait(false);
        }
    }

    private TimeSpan? Deadline(InvokeFrame invoke)
    {
        TimeSpan? asked = invoke.TimeoutMs is { } ms and > 0 ? TimeSpan.FromMilliseconds(ms) : null;
        return (asked, limits.MaxDuration) switch
        {
            ({ } a, { } max) => a < max ? a : max,
            ({ } a, null) => a,
            (null, var max) => max,
        };
    }

    private ValueTask<bool> UnknownAsync(string id, string message) =>
        Output.SendAsync(ErrorFrame.For(AspErrorCodes.UnknownInvocation, message, id));
}
