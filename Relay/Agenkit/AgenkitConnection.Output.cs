using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>
/// The asp-v1 frames of this connection's invocations, as agenkit: STREAM → stream_chunk (stream) or collected
/// (process); COMPLETE → stream_end or the response with the collected output; ERROR → error; REQUEST (the agent asks
/// its caller something) has no agenkit form, so the invocation is interrupted and answered with an error.
/// </summary>
internal sealed partial class AgenkitConnection
{
    public async ValueTask<bool> SendAsync(AspFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var now = services.Time.GetUtcNow();
        switch (frame)
        {
            case StreamFrame chunk when _pending.TryGetValue(chunk.Id, out var pending):
                if (!pending.Stream)
                {
                    pending.Chunks.Add(chunk.Data);
                    return true;
                }
                return await SendAsync(AgenkitEnvelope.ForStreamChunk(pending.Id, AgenkitAgentMapping.Chunk(pending.Agent, chunk.Data, (long)chunk.Seq, now), now)).ConfigureAwait(false);
            case CompleteFrame complete when Take(complete.Id) is { } done:
                if (done.Stream)
                {
                    var end = AgenkitEnvelope.ForStreamEnd(done.Id, now);
                    if (complete.Result is { } result) end.Payload["result"] = Protocol.MessagePack.MsgPackJson.ToJsonNode(result);
                    return await SendAsync(end).ConfigureAwait(false);
                }
                return await SendAsync(AgenkitEnvelope.ForResponse(done.Id, AgenkitAgentMapping.Response(done.Agent, done.Chunks, complete.Result, now), now)).ConfigureAwait(false);
            // UNKNOWN_INVOCATION answers a late INTERRUPT; it never ends a request.
            case ErrorFrame { Id: { } id } error when error.Code != AspErrorCodes.UnknownInvocation && Take(id) is { } failed:
                var available = error.Code == AspErrorCodes.UnknownAgent ? services.Agents.AvailableNames(services.Directory.Providers.Agents) : [];
                return await SendAsync(AgenkitEnvelope.ForError(failed.Id, AgenkitAgentMapping.Error(error.Code, error.Message, error.Retryable, failed.Agent, available), now)).ConfigureAwait(false);
            case RequestFrame request when Take(request.Id) is { } asking:
                foreach (var table in _tables.Values)
                {
                    if (table.TryGet(request.Id, out _)) await table.InterruptAsync(new InterruptFrame(request.Id) { Reason = "agenkit cannot answer the agent" }).ConfigureAwait(false);
                }
                return await SendErrorAsync(asking.Id, new AgenkitError(AgenkitErrorCodes.InternalError,
                    $"Agent '{asking.Agent}' asked its caller a question ({request.Kind}); agenkit has no way to answer",
                    new JsonObject { ["reason"] = AgenkitAgentMapping.AgentRequestReason, ["agent_name"] = asking.Agent, ["kind"] = request.Kind })).ConfigureAwait(false);
            default:
                return true;
        }
    }
}
