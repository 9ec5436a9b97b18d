using System.Text;
using System.Text.Json.Nodes;
using AgentPlatform.Agents;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.AgentHost.Agenkit;

/// <summary>
/// How an agenkit message becomes an <see cref="IAgent"/> invocation and its output a message (docs/protocol/agenkit.md,
/// "Platform agents"): the input is the message's <c>content</c> (JSON → MessagePack); <c>process</c> answers with
/// the collected output; <c>stream</c> sends one chunk per STREAM and, when the agent returned a result, one last
/// chunk with it marked <c>metadata.result: true</c>.
/// </summary>
public static class AgenkitAgentMapping
{
    /// <summary>The role of every message an agent sends back (agenkit's examples use "agent").</summary>
    public const string AgentRole = "agent";

    /// <summary>The metadata key naming the session (the context store key); absent, the connection is the session.</summary>
    public const string SessionKey = "session_id";

    /// <summary>The agent's input: the content, converted exactly (a string stays a string).</summary>
    public static MsgPackValue Input(AgenkitMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return MsgPackJson.FromJsonNode(message.Content);
    }

    /// <summary>The session a message belongs to: <c>metadata.session_id</c> when it is a string, else <paramref name="fallback"/>.</summary>
    public static string Session(AgenkitMessage message, string fallback)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Metadata[SessionKey] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : fallback;
    }

    /// <summary>One streamed chunk as a message.</summary>
    public static AgenkitMessage Chunk(MsgPackValue data) =>
        new(AgentRole, MsgPackJson.ToJsonNode(data), [], AgenkitProtocol.FormatTimestamp(DateTimeOffset.UtcNow));

    /// <summary>The result as the stream's last chunk.</summary>
    public static AgenkitMessage ResultChunk(MsgPackValue result) =>
        new(AgentRole, MsgPackJson.ToJsonNode(result), new JsonObject { ["result"] = true }, AgenkitProtocol.FormatTimestamp(DateTimeOffset.UtcNow));

    /// <summary>
    /// The answer to <c>process</c>: text chunks are joined into one string (token streams); one chunk of another
    /// kind is the content itself; several are an array; no chunk at all gives the result. When there were chunks
    /// and a result, the result rides in <c>metadata.result</c>. <c>metadata.chunks</c> counts the chunks.
    /// </summary>
    public static AgenkitMessage Response(IReadOnlyList<MsgPackValue> chunks, MsgPackValue? result)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var content = Content(chunks, result);
        var metadata = new JsonObject { ["chunks"] = chunks.Count };
        if (chunks.Count > 0 && result is { IsNil: false }) metadata["result"] = MsgPackJson.ToJsonNode(result);
        return new AgenkitMessage(AgentRole, content, metadata, AgenkitProtocol.FormatTimestamp(DateTimeOffset.UtcNow));
    }

    private static JsonNode? Content(IReadOnlyList<MsgPackValue> chunks, MsgPackValue? result)
    {
        if (chunks.Count == 0) return result is null ? null : MsgPackJson.ToJsonNode(result);
        if (chunks.All(c => c.Kind == MsgPackValueKind.String))
        {
            var text = new StringBuilder();
            foreach (var c in chunks) text.Append(c.AsString());
            return JsonValue.Create(text.ToString());
        }
        return chunks.Count == 1 ? MsgPackJson.ToJsonNode(chunks[0]) : new JsonArray([.. chunks.Select(MsgPackJson.ToJsonNode)]);
    }

    /// <summary>An agent's failure as an agenkit error: the asp-v1 code mapped to the nearest seed code, and kept in the details.</summary>
    public static AgenkitError Error(AgentException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var code = exception.Code switch
        {
            AspErrorCodes.BadInput => AgenkitErrorCodes.MalformedPayload,
            AspErrorCodes.Timeout => AgenkitErrorCodes.AgentTimeout,
            AspErrorCodes.FunctionUnavailable or AspErrorCodes.TooManyInvocations or AspErrorCodes.Conflict => AgenkitErrorCodes.AgentUnavailable,
            AspErrorCodes.UnknownAgent => AgenkitErrorCodes.AgentNotFound,
            _ => AgenkitErrorCodes.InternalError,
        };
        return new AgenkitError(code, exception.Message, new JsonObject { ["code"] = exception.Code, ["retryable"] = exception.Retryable });
    }
}
