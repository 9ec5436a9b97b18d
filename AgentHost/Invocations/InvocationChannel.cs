using System.Collections.Concurrent;
using System.Globalization;
using AgentPlatform.Agents;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.AgentHost.Invocations;

/// <summary>
/// An agent's output into the engine's invocation: chunks, tools, and questions whose REPLY completes the agent's
/// await. Numbering, <c>stream: false</c> and the final frame are the engine's business.
/// </summary>
public sealed class InvocationChannel(Invocation invocation) : IInvocationChannel
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<MsgPackValue>> _requests = new(StringComparer.Ordinal);
    private int _rid;

    public ValueTask WriteChunkAsync(MsgPackValue data, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return invocation.ChunkAsync(data);
    }

    public ValueTask DefineToolsAsync(IReadOnlyList<ToolDefinition> tools, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return invocation.ToolsAsync(tools);
    }

    public async ValueTask<MsgPackValue> AskAsync(string kind, MsgPackValue data, CancellationToken cancellationToken)
    {
        var rid = "q" + Interlocked.Increment(ref _rid).ToString(CultureInfo.InvariantCulture);
        var waiter = new TaskCompletionSource<MsgPackValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests[rid] = waiter;
        try
        {
            await invocation.RequestAsync(rid, kind, data).ConfigureAwait(false);
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
}
