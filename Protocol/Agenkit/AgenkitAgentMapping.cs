using System.Text;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.Agenkit;

/// <summary>
/// How an agenkit message becomes a platform invocation and its output becomes agenkit messages (docs/protocol/agenkit.md,
/// "Platform agents"). One copy for the Relay's listener and AgentHost's LocalAgent, so a caller cannot tell them apart:
/// the input is the message's <c>content</c>; a stream_chunk carries one chunk with <c>metadata {agent, seq}</c>;
/// stream_end carries the result, if any; a <c>process</c> response carries the collected chunks (strings joined, one
/// value as itself, several as an array) with <c>metadata {agent, result?}</c>.
/// </summary>
public static class AgenkitAgentMapping
{
    /// <summary>The role of every message an agent answers with (agenkit's own agents answer "agent").</summary>
    public const string AgentRole = "agent";

    /// <summary>The metadata key naming the context-store session; absent, the connection is the session.</summary>
    public const string SessionKey = "session_id";

    /// <summary>The <c>error_details.reason</c> when an agent asks its caller a question, which agenkit cannot carry.</summary>
    public const string AgentRequestReason = "agent_request_unsupported";

    /// <summary>The invocation input: string content as a string, any other JSON content as its MessagePack value.</summary>
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

    /// <summary>One streamed chunk as message content: a string stays a string, anything else becomes its JSON value.</summary>
    public static JsonNode? ChunkContent(MsgPackValue data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Kind == MsgPackValueKind.String ? JsonValue.Create(data.AsString()) : MsgPackJson.ToJsonNode(data);
    }

    /// <summary>One streamed chunk as the message of a stream_chunk.</summary>
    public static AgenkitMessage Chunk(string agent, MsgPackValue data, long seq, DateTimeOffset now) =>
        new(AgentRole, ChunkContent(data), new JsonObject { ["agent"] = agent, ["seq"] = seq }, AgenkitProtocol.FormatTimestamp(now));

    /// <summary>The stream_end closing a stream, carrying the agent's result when it returned one.</summary>
    public static AgenkitEnvelope StreamEnd(string id, MsgPackValue? result)
    {
        var end = AgenkitEnvelope.ForStreamEnd(id);
        if (result is not null) end.Payload["result"] = MsgPackJson.ToJsonNode(result);
        return end;
    }

    /// <summary>The answer to <c>process</c>: the collected chunks as content, the agent and result in metadata.</summary>
    public static AgenkitMessage Response(string agent, IReadOnlyList<MsgPackValue> chunks, MsgPackValue? result, DateTimeOffset now) =>
        new(AgentRole, Collected(chunks), Metadata(agent, result), AgenkitProtocol.FormatTimestamp(now));

    /// <summary>
    /// The content of a <c>process</c> response, from every chunk the invocation streamed: when all are strings (or there
    /// are none), their concatenation; one non-string chunk, its value; several, the array of their values.
    /// </summary>
    public static JsonNode? Collected(IReadOnlyList<MsgPackValue> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        if (chunks.All(c => c.Kind == MsgPackValueKind.String))
        {
            var text = new StringBuilder();
            foreach (var chunk in chunks) text.Append(chunk.AsString());
            return JsonValue.Create(text.ToString());
        }
        if (chunks.Count == 1) return ChunkContent(chunks[0]);
        var array = new JsonArray();
        foreach (var chunk in chunks) array.Add(ChunkContent(chunk));
        return array;
    }

    /// <summary>The metadata of an answer: the agent's name and, when the invocation returned one, its result.</summary>
    public static JsonObject Metadata(string agent, MsgPackValue? result)
    {
        var metadata = new JsonObject { ["agent"] = agent };
        if (result is not null) metadata["result"] = MsgPackJson.ToJsonNode(result);
        return metadata;
    }

    /// <summary>
    /// A platform error (asp-v1 code, message, retryable) as an agenkit error, the asp code and retry flag kept in the
    /// details. An unknown agent lists <paramref name="availableAgents"/> when the caller knows them.
    /// </summary>
    public static AgenkitError Error(string aspCode, string message, bool retryable, string agent, IReadOnlyList<string>? availableAgents = null)
    {
        var details = new JsonObject { ["agent_name"] = agent, ["asp_code"] = aspCode, ["retryable"] = retryable };
        switch (aspCode)
        {
            case AspErrorCodes.UnknownAgent when availableAgents is not null:
                details["available_agents"] = new JsonArray([.. availableAgents.Select(n => (JsonNode?)JsonValue.Create(n))]);
                return new AgenkitError(AgenkitErrorCodes.AgentNotFound, $"Agent '{agent}' not found in registry", details);
            case AspErrorCodes.UnknownAgent:
                return new AgenkitError(AgenkitErrorCodes.AgentNotFound, message, details);
            case AspErrorCodes.Timeout:
                return new AgenkitError(AgenkitErrorCodes.AgentTimeout, message, details);
            case AspErrorCodes.TooManyInvocations:
                return new AgenkitError(AgenkitErrorCodes.AgentUnavailable, message, details);
            default:
                // A retryable failure (a backend away, a conflict) is the agent being unavailable for now; anything else
                // is the agent's own error.
                return new AgenkitError(retryable ? AgenkitErrorCodes.AgentUnavailable : AgenkitErrorCodes.InternalError, message, details);
        }
    }
}
