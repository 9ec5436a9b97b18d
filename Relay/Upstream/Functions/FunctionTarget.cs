using System.Buffers;
using AgentPlatform.Protocol.Functions;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.Relay.Upstream.Functions;

/// <summary>
/// Relay mode: the invocation runs in a stateless function, one HTTP POST whose streamed body of records
/// (docs/protocol/relay-functions.md) becomes the invocation's output; REPLY and steering are POSTs of their own.
/// </summary>
public sealed class FunctionTarget(Uri functionsBase, FunctionsClient functions, RelayOptions options) : IInvocationTarget
{
    public string Mode => AgentModes.Relay;

    public async Task RunAsync(Invocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var caller = invocation.Caller;
        var body = new ArrayBufferWriter<byte>();
        new InvokeRequestBody(caller.ConnectionId, caller.SessionId, invocation.Id, invocation.Input, caller.UserId, invocation.Invoke.TimeoutMs)
            .Write(body);
        var timeout = invocation.Invoke.TimeoutMs is { } ms and > 0
            ? TimeSpan.FromMilliseconds(Math.Min(ms, options.FunctionTimeout.TotalMilliseconds))
            : options.FunctionTimeout;
        var outcome = await functions.InvokeAsync(functionsBase, invocation.Agent, body.WrittenMemory,
            record => OnRecordAsync(invocation, record), options.Limits.MaxFrameBytes, timeout, invocation.Aborted).ConfigureAwait(false);
        if (outcome.Completed) await invocation.CompleteAsync(outcome.Result, outcome.CpuMs).ConfigureAwait(false);
        else await invocation.FailAsync(outcome.Code!, outcome.Message ?? "", outcome.Retryable).ConfigureAwait(false);
    }

    public async ValueTask<bool> SteerAsync(Invocation invocation, MsgPackValue data)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var body = new ArrayBufferWriter<byte>();
        new ReplyBody(invocation.Caller.ConnectionId, invocation.Caller.SessionId, data).Write(body);
        // 404 means the function finished meanwhile: its COMPLETE or ERROR is on the way, nothing to report.
        await functions.PostSteeringAsync(functionsBase, invocation.Agent, invocation.Id, body.WrittenMemory, invocation.Aborted)
            .ConfigureAwait(false);
        return true;
    }

    public async ValueTask<bool> ReplyAsync(Invocation invocation, string rid, MsgPackValue data)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var body = new ArrayBufferWriter<byte>();
        new ReplyBody(invocation.Caller.ConnectionId, invocation.Caller.SessionId, data).Write(body);
        return await functions.PostReplyAsync(functionsBase, invocation.Agent, invocation.Id, rid, body.WrittenMemory, invocation.Aborted)
            .ConfigureAwait(false);
    }

    /// <summary>Nothing beyond the abort: cancelling the POST ends the function's request.</summary>
    public ValueTask StopAsync(Invocation invocation, string reason) => ValueTask.CompletedTask;

    private static async ValueTask OnRecordAsync(Invocation invocation, FunctionRecord record)
    {
        switch (record)
        {
            case ChunkRecord chunk:
                await invocation.ChunkAsync(chunk.Data).ConfigureAwait(false);
                break;
            case ToolDefRecord toolDef:
                await invocation.ToolsAsync(toolDef.Tools).ConfigureAwait(false);
                break;
            case RequestRecord request:
                await invocation.RequestAsync(request.Rid, request.RequestKind, request.Data).ConfigureAwait(false);
                break;
        }
    }
}
