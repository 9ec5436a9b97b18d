using System.Collections.Concurrent;
using System.Diagnostics;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Server.AspV1.Invocations;

/// <summary>
/// One invocation in flight, as its target sees it: the call, and the output it may produce. Exactly one final frame
/// (COMPLETE or ERROR) is sent for it: whoever ends it first (the target, an INTERRUPT, the timeout, the client leaving)
/// sends it, and everything produced later is dropped. With <c>stream: false</c> chunks are collected into COMPLETE's
/// result instead of going out as STREAM frames, whatever the target.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source has no timer; targets may read its token after the end, so it is left to the collector.")]
public sealed class Invocation
{
    private readonly CancellationTokenSource _aborted = new();
    private readonly SemaphoreSlim _order = new(1, 1);
    private readonly ConcurrentDictionary<string, byte> _pendingRequests = new(StringComparer.Ordinal);
    private readonly InvocationTable _table;
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private List<MsgPackValue>? _collected;
    private int _ended;
    private long _chunks;
    private long _bytes;

    internal Invocation(InvokeFrame invoke, InvocationCaller caller, IInvocationTarget target, InvocationTable table)
    {
        Invoke = invoke;
        Caller = caller;
        Target = target;
        _table = table;
    }

    public InvokeFrame Invoke { get; }

    /// <summary>The caller's invocation id.</summary>
    public string Id => Invoke.Id;

    public string Agent => Invoke.Agent;

    public MsgPackValue Input => Invoke.Input;

    /// <summary>False for <c>stream: false</c>: the whole output comes in COMPLETE.</summary>
    public bool Stream => Invoke.Stream ?? true;

    public InvocationCaller Caller { get; }

    public IInvocationTarget Target { get; }

    /// <summary>Fires when the invocation ended before its target finished (interrupt, timeout, the client left).</summary>
    public CancellationToken Aborted => _aborted.Token;

    public bool Ended => Volatile.Read(ref _ended) != 0;

    public long Chunks => Interlocked.Read(ref _chunks);

    public long Bytes => Interlocked.Read(ref _bytes);

    public double ElapsedMs => Math.Round(Stopwatch.GetElapsedTime(_startedAt).TotalMilliseconds, 3);

    /// <summary>What the host keeps with the invocation (its trace span, its admin record).</summary>
    public object? HostState { get; set; }

    internal Task Running { get; set; } = Task.CompletedTask;

    /// <summary>One piece of output: a STREAM frame numbered from 0, or kept for COMPLETE with <c>stream: false</c>.</summary>
    public async ValueTask ChunkAsync(MsgPackValue data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Ended) return;
        var size = data.TryGetRaw(out var raw) ? raw.Length : data.ToBytes().Length;
        // Numbering and sending under one lock: concurrent writers must not reorder seq on the wire.
        await _order.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Ended) return;
            Interlocked.Add(ref _bytes, size);
            var seq = (ulong)(Interlocked.Increment(ref _chunks) - 1);
            if (Stream) await _table.Output.SendAsync(new StreamFrame(Id, seq, data)).ConfigureAwait(false);
            else (_collected ??= []).Add(data);
        }
        finally
        {
            _order.Release();
        }
    }

    /// <summary>TOOL_DEF for this invocation.</summary>
    public async ValueTask ToolsAsync(IReadOnlyList<ToolDefinition> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        if (Ended) return;
        await _table.Output.SendAsync(new ToolDefFrame(tools) { Id = Id }).ConfigureAwait(false);
    }

    /// <summary>REQUEST <paramref name="rid"/>: the client's REPLY reaches <see cref="IInvocationTarget.ReplyAsync"/>.</summary>
    public async ValueTask RequestAsync(string rid, string kind, MsgPackValue data)
    {
        if (Ended) return;
        _pendingRequests[rid] = 0;
        await _table.Output.SendAsync(new RequestFrame(Id, rid, kind, data)).ConfigureAwait(false);
    }

    /// <summary>
    /// COMPLETE: <paramref name="result"/> (or, with <c>stream: false</c> and no result, the collected chunks) and
    /// metrics measured here; <paramref name="cpuMs"/> is what the target measured, when it did.
    /// </summary>
    public async ValueTask CompleteAsync(MsgPackValue? result, double? cpuMs = null)
    {
        var metrics = new CompleteMetrics(ElapsedMs)
        {
            CpuMs = cpuMs is { } cpu ? Math.Round(cpu, 3) : null,
            Chunks = (ulong)Chunks,
            Bytes = (ulong)Bytes,
        };
        await EndAsync(() => new CompleteFrame(Id) { Result = FinalResult(result), Metrics = metrics }, InvocationStatus.Completed, null)
            .ConfigureAwait(false);
    }

    /// <summary>ERROR for this invocation.</summary>
    public async ValueTask FailAsync(string code, string message, bool retryable, uint? retryAfterMs = null) =>
        await EndAsync(() => new ErrorFrame(code, message, retryable) { Id = Id, RetryAfterMs = retryAfterMs }, InvocationStatus.Failed, code)
            .ConfigureAwait(false);

    internal bool TakeRequest(string rid) => _pendingRequests.TryRemove(rid, out _);

    /// <summary>The deadline passed: ERROR TIMEOUT, then the target stops. Kept in <see cref="Running"/>'s company.</summary>
    internal void TimeOut() => TimingOut = TimeOutAsync();

    internal Task TimingOut { get; private set; } = Task.CompletedTask;

    /// <summary>Ends without a final frame (the connection is gone); false when it had ended already.</summary>
    internal bool TryEndSilently()
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0) return false;
        Abort();
        return true;
    }

    private async Task TimeOutAsync()
    {
        if (await EndAsync(() => ErrorFrame.For(AspErrorCodes.Timeout, "the agent did not finish in time", Id), InvocationStatus.Failed,
                AspErrorCodes.Timeout).ConfigureAwait(false))
        {
            await InvocationTable.StopTargetAsync(this, "timeout").ConfigureAwait(false);
        }
    }

    /// <summary>Ends the invocation with <paramref name="final"/> unless it ended already; false when it had.</summary>
    internal async ValueTask<bool> EndAsync(Func<AspFrame> final, string status, string? errorCode)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0) return false;
        // Removed before the final frame goes out: once the client has it, it may reuse the id.
        _table.Remove(this);
        try
        {
            await _table.Output.SendAsync(final()).ConfigureAwait(false);
        }
        finally
        {
            // Also when the session closed under a full outbox: the target stops and the host's records end.
            Abort();
            _table.Observer.InvocationEnded(this, status, errorCode);
        }
        return true;
    }

    internal void Abort()
    {
        try
        {
            _aborted.Cancel();
        }
        catch (AggregateException)
        {
            // A target's callback threw; the invocation is over regardless.
        }
    }

    private MsgPackValue? FinalResult(MsgPackValue? result)
    {
        if (Stream || result is not null || _collected is not { Count: > 0 } collected) return result;
        return collected.Count == 1 ? collected[0] : MsgPackValue.Array(collected);
    }
}
