using System.Globalization;
using AgentPlatform.Agents;
using AgentPlatform.Functions.Replies;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.Functions;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Functions.Invocation;

/// <summary>
/// The relay-mode host side of one invocation: every chunk, tool definition and request becomes one response
/// record, flushed at once so the Relay can turn it into a frame while the agent keeps working.
/// </summary>
public sealed class HttpInvocationChannel(HttpResponse response, InvokeRequestBody request, PendingReplies replies) : IInvocationChannel, IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private int _nextRid;

    /// <summary>Chunks written so far.</summary>
    public int Chunks => Volatile.Read(ref _chunks);

    private int _chunks;

    public async ValueTask WriteChunkAsync(MsgPackValue data, CancellationToken cancellationToken)
    {
        await WriteAsync(new ChunkRecord(data), cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _chunks);
    }

    public ValueTask DefineToolsAsync(IReadOnlyList<ToolDefinition> tools, CancellationToken cancellationToken) =>
        WriteAsync(new ToolDefRecord(tools), cancellationToken);

    public async ValueTask<MsgPackValue> AskAsync(string kind, MsgPackValue data, CancellationToken cancellationToken)
    {
        var rid = "r" + Interlocked.Increment(ref _nextRid).ToString(CultureInfo.InvariantCulture);
        var key = new ReplyKey(request.Cid, request.Id, rid);
        // Register before the request leaves, so a fast reply cannot arrive before anyone waits for it.
        var wait = replies.WaitAsync(key, cancellationToken);
        await WriteAsync(new RequestRecord(rid, kind, data), cancellationToken).ConfigureAwait(false);
        return await wait.ConfigureAwait(false);
    }

    /// <summary>Writes one record and flushes it; throws <see cref="OperationCanceledException"/> once the caller is gone.</summary>
    public async ValueTask WriteAsync(FunctionRecord record, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            FunctionRecordWriter.Write(record, response.BodyWriter);
            var flush = await response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flush.IsCanceled || flush.IsCompleted) throw new OperationCanceledException("the caller went away");
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose() => _writeLock.Dispose();
}
