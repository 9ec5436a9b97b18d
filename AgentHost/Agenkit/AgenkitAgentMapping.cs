using System.Text;
using System.Text.Json.Nodes;
using AgentPlatform.Agents;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.AgentHost.Agenkit;

/// <summary>
/// How an agenkit message becomes an <see cref="IAgent"/> invocation and its output messages (docs/protocol/agenkit.md,
/// "Platform agents"), the same rules as the Relay's listener (Relay/Agenkit/AgenkitMapping), so that a caller
/// cannot tell a LocalAgent from the Relay: the input is the message's <c>content</c>; a stream_chunk carries one
/// chunk with <c>metadata {agent, seq}</c>; stream_end carries the result, if any; a <c>process</c> response carries
/// the collected chunks (strings joined, one value as itself, several as an array) with <c>metadata {agent, result?}</c>.
/// </summary>
public static class AgenkitAgentMapping
{
    /// <summary>The role of every message an agent answers with (agenkit's own agents answer "agent").</summary>
    public const string AgentRole = "agent";

    /// <summary>The metadata key naming the session (the context store key); absent, the connection is the session.</summary>
    public const string SessionKey = "session_id";

    /// <summary>The <c>error_details.reason</c> when an agent asks its caller a question, which agenkit cannot carry.</summary>
    public const string AgentRequestReason = "agent_request_unsupported";

    /// <summary>The agent's input: string content as a string, any other JSON content as its MessagePack value.</summary>
    public static MsgPackValue Input(AgenkitMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return MsgPackJson.FromJsonNode(message.Content);
    }

    /// <summary>The session a message belongs to: <c>metadata.session_id</c> when it is a non-empty string, else <paramref name="fallback"/>.</summary>
    public static string Session(AgenkitMessage message, string fallback)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Metadata[SessionKey] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : fallback;
    }

    /// <summary>One streamed chunk as a message.</summary>
    public static AgenkitMessage Chunk(string agent, MsgPackValue data, long seq) =>
        new(AgentRole, MsgPackJson.ToJsonNode(data), new JsonObject { ["agent"] = agent, ["seq"] = seq }, AgenkitProtocol.FormatTimestamp(DateTimeOffset.UtcNow));

    /// <summary>The stream_end closing a stream, carrying the agent's result when it returned one.</summary>
    public static AgenkitEnvelope StreamEnd(string id, MsgPackValue? result)
    {
        var end = AgenkitEnvelope.ForStreamEnd(id);
        if (result is not null) end.Payload["result"] = MsgPackJson.ToJsonNode(result);
        return end;
    }

    /// <summary>The answer to <c>process</c>: the collected chunks as content, the result in metadata.</summary>
    public static AgenkitMessage Response(string agent, IReadOnlyList<MsgPackValue> chunks, MsgPackValue? result)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var metadata = new JsonObject { ["agent"] = agent };
        if (result is not null) metadata["result"] = MsgPackJson.ToJsonNode(result);
        return new AgenkitMessage(AgentRole, Collected(chunks), metadata, AgenkitProtocol.FormatTimestamp(DateTimeOffset.UtcNow));
    }

    /// <summary>All strings (or none): their concatenation; one other value: itself; several: their array.</summary>
    public static JsonNode? Collected(IReadOnlyList<MsgPackValue> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        if (chunks.All(c => c.Kind == MsgPackValueKind.String))
        {
            var text = new StringBuilder();
            foreach (var c in chunks) text.Append(c.AsString());
            return JsonValue.Create(text.ToString());
        }
        return chunks.Count == 1 ? MsgPackJson.ToJsonNode(chunks[0]) : new JsonArray([.. chunks.Select(MsgPackJson.ToJsonNode)]);
    }

    /// <summary>An agent's failure as an agenkit error, its platform code and retry flag kept in the details.</summary>
    public static AgenkitError Error(AgentException exception, string agent)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var details = new JsonObject { ["agent_name"] = agent, ["asp_code"] = exception.Code, ["retryable"] = exception.Retryable };
        var code = exception.Code switch
        {
            AspErrorCodes.UnknownAgent => AgenkitErrorCodes.AgentNotFound,
            AspErrorCodes.Timeout => AgenkitErrorCodes.AgentTimeout,
            AspErrorCodes.TooManyInvocations => AgenkitErrorCodes.AgentUnavailable,
            // A retryable failure (a backend away, a conflict) is the agent being unavailable for now; anything else is its own error.
            _ => exception.Retryable ? AgenkitErrorCodes.AgentUnavailable : AgenkitErrorCodes.InternalError,
        };
        return new AgenkitError(code, exception.Message, details);
    }
}
