using System.Collections.Concurrent;
using System.Globalization;
using AgentPlatform.Agents;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.AgentHost.Endpoint;

/// <summary>
/// The asp-v1 host side of one invocation: chunks become STREAM (numbered per invocation from 0), tools TOOL_DEF,
/// questions REQUEST frames whose REPLY completes the agent's await. With <c>stream: false</c> chunks are
/// collected for COMPLETE's result instead.
/// </summary>
public sealed class FrameInvocationChannel(string id, bool stream, Func<AspFrame, ValueTask> send) : IInvocationChannel, IDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<MsgPackValue>> _requests = new(StringComparer.Ordinal);
    private readonly List<MsgPackValue> _collected = [];
    private readonly SemaphoreSlim _order = new(1, 1);
    private ulong _seq;
    private long _bytes;
    private int _rid;

    public ulong Chunks => Volatile.Read(ref _seq);

    public ulong Bytes => (ulong)Interlocked.Read(ref _bytes);

    public async ValueTask WriteChunkAsync(MsgPackValue data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        cancellationToken.ThrowIfCancellationRequested();
        var size = data.TryGetRaw(out var raw) ? raw.Length : data.ToBytes().Length;
        // Numbering and sending happen under one lock so concurrent writers cannot reorder seq on the wire.
        await _order.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Interlocked.Add(ref _bytes, size);
            var seq = _seq;
            Volatile.Write(ref _seq, seq + 1);
            if (stream) await send(new StreamFrame(id, seq, data)).ConfigureAwait(false);
            else _collected.Add(data);
        }
        finally
        {
            _order.Release();
        }
    }

    public ValueTask DefineToolsAsync(IReadOnlyList<ToolDefinition> tools, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tools);
        cancellationToken.ThrowIfCancellationRequested();
        return send(new ToolDefFrame([.. tools]) { Id = id });
    }

    public async ValueTask<MsgPackValue> AskAsync(string kind, MsgPackValue data, CancellationToken cancellationToken)
    {
        var rid = "q" + Interlocked.Increment(ref _rid).ToString(CultureInfo.InvariantCulture);
        var waiter = new TaskCompletionSource<MsgPackValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests[rid] = waiter;
        try
        {
            await send(new RequestFrame(id, rid, kind, data)).ConfigureAwait(false);
            return await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _requests.TryRemove(rid, out _);
        }
    }

    public bool TryCompleteRequest(string rid, MsgPackValue data) => _requests.TryGetValue(rid, out var waiter) && waiter.TrySetResult(data);

    public void CancelRequests()
    {
        foreach (var waiter in _requests.Values) waiter.TrySetCanceled();
    }

    /// <summary>COMPLETE's result: the agent's, or with <c>stream: false</c> and none given, the collected chunks.</summary>
    public MsgPackValue? FinalResult(MsgPackValue? result)
    {
        if (stream || result is not null || _collected.Count == 0) return result;
        return _collected.Count == 1 ? _collected[0] : MsgPackValue.Array(_collected);
    }

    public void Dispose() => _order.Dispose();
}
