using AgentPlatform.Protocol.AgentChat;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.Relay.AgentChat;

/// <summary>
/// Turns a conversation's asp-v1 frames into DMs from the platform agent: each STREAM chunk is a DM (its text, or its
/// JSON when not a string; split at 4096 characters); COMPLETE sends its result as a DM only when nothing was streamed
/// (a <c>stream: false</c> style agent), else nothing; ERROR is a DM <c>error CODE: message</c>; REQUEST is a DM with
/// the question's text, and the next DM back is the REPLY.
/// </summary>
internal sealed class ChatFrameOutput(ChatConversation conversation) : IFrameOutput
{
    private readonly HashSet<string> _streamed = new(StringComparer.Ordinal);

    public ValueTask<bool> SendAsync(AspFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        switch (frame)
        {
            case StreamFrame stream:
                lock (_streamed) _streamed.Add(stream.Id);
                return ValueTask.FromResult(Dm(Text(stream.Data)));
            case CompleteFrame complete:
                bool streamed;
                lock (_streamed) streamed = _streamed.Remove(complete.Id);
                return ValueTask.FromResult(streamed || complete.Result is not { } result || Dm(Text(result)));
            case ErrorFrame error when error.Code != AspErrorCodes.UnknownInvocation:
                if (error.Id is { } id) lock (_streamed) _streamed.Remove(id);
                return ValueTask.FromResult(Dm($"error {error.Code}: {error.Message}"));
            case RequestFrame request:
                conversation.Asked(request.Id, request.Rid);
                return ValueTask.FromResult(Dm(Question(request.Data)));
            default:
                return ValueTask.FromResult(true);
        }
    }

    /// <summary>A <c>{question: "…"}</c> request (the platform's convention, kind "question") reads as its question; anything else as its text.</summary>
    private static string Question(MsgPackValue data) =>
        data.Kind == MsgPackValueKind.Map && data.TryGetValue("question", out var q) && q.Kind == MsgPackValueKind.String ? q.AsString() : Text(data);

    private static string Text(MsgPackValue data) => data.Kind == MsgPackValueKind.String ? data.AsString() : MsgPackJson.ToJsonString(data);

    /// <summary>False when the AgentChat agent is gone (the table then stops the invocation).</summary>
    private bool Dm(string text)
    {
        if (text.Length == 0) return conversation.Outlet.SendDirect(conversation.Name, conversation.From, text);
        for (var start = 0; start < text.Length; start += AgentChatLimits.MaxContentLength)
        {
            var part = text.Substring(start, Math.Min(AgentChatLimits.MaxContentLength, text.Length - start));
            if (!conversation.Outlet.SendDirect(conversation.Name, conversation.From, part)) return false;
        }
        return true;
    }
}
