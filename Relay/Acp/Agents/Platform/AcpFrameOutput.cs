using AgentPlatform.Protocol.Acp;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.Relay.Acp.Agents.Platform;

/// <summary>
/// Turns the asp-v1 frames of one session's invocations into ACP: STREAM → session/update agent_message_chunk (to the
/// session's current owner), COMPLETE → the prompt's result, ERROR → <c>cancelled</c> or a -32603 error, REQUEST →
/// session/request_permission. TOOL_DEF has no ACP counterpart and is dropped.
/// </summary>
internal sealed class AcpFrameOutput(PlatformAcpAttachment attachment, PlatformAcpSession session) : IFrameOutput
{
    public async ValueTask<bool> SendAsync(AspFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        switch (frame)
        {
            case StreamFrame stream when attachment.Prompt(stream.Id) is not null:
                return await attachment.SendUpdateAsync(session, PlatformAcpMapping.AgentChunk(PlatformAcpMapping.ChunkText(stream.Data)))
                    .ConfigureAwait(false);
            case CompleteFrame complete when attachment.Prompt(complete.Id) is { } prompt:
                return await attachment.EndPromptAsync(prompt, JsonRpcMessage.Success(prompt.RequestId, PlatformAcpMapping.CompleteResult(complete)))
                    .ConfigureAwait(false);
            // UNKNOWN_INVOCATION answers a late REPLY or INTERRUPT; it never ends an invocation.
            case ErrorFrame { Id: { } id } error when error.Code != AspErrorCodes.UnknownInvocation && attachment.Prompt(id) is { } prompt:
                var answer = error.Code == AspErrorCodes.Interrupted
                    ? JsonRpcMessage.Success(prompt.RequestId, PlatformAcpMapping.CancelledResult())
                    : JsonRpcMessage.Failure(prompt.RequestId, JsonRpcErrorCodes.InternalError, error.Message, PlatformAcpMapping.ErrorData(error));
                return await attachment.EndPromptAsync(prompt, answer).ConfigureAwait(false);
            case RequestFrame request when attachment.Prompt(request.Id) is { } prompt:
                return await attachment.AskAsync(prompt, request).ConfigureAwait(false);
            default:
                return true;
        }
    }
}
