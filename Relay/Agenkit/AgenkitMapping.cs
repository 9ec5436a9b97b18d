using System.Text;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>
/// How agenkit messages become asp-v1 invocation values and back (docs/protocol/agenkit.md, "Platform agents").
/// Pure functions, so the mapping is testable without a socket.
/// </summary>
public static class AgenkitMapping
{
    /// <summary>The role of every message an agent answers with (agenkit's own agents answer "agent").</summary>
    public const string AgentRole = "agent";

    /// <summary>The metadata key a client may set to name the context-store session (else the connection is the session).</summary>
    public const string SessionKey = "session_id";

    /// <summary>The invocation input: string content as a string, any other JSON content as its MessagePack value.</summary>
    public static MsgPackValue Input(AgenkitMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Content is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? MsgPackValue.From(v.GetValue<string>())
            : MsgPackJson.FromJsonNode(message.Content);
    }

    /// <summary>One STREAM chunk as message content: a string stays a string, anything else becomes its JSON value.</summary>
    public static JsonNode? ChunkContent(MsgPackValue data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Kind == MsgPackValueKind.String ? JsonValue.Create(data.AsString()) : MsgPackJson.ToJsonNode(data);
    }

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

    /// <summary>The metadata of an answer: the agent's name and, when COMPLETE carried one, its result.</summary>
    public static JsonObject Metadata(string agent, MsgPackValue? result)
    {
        var metadata = new JsonObject { ["agent"] = agent };
        if (result is not null) metadata["result"] = MsgPackJson.ToJsonNode(result);
        return metadata;
    }

    /// <summary>An asp-v1 ERROR as an agenkit error (the asp code and retryable flag kept in the details).</summary>
    public static AgenkitError Error(ErrorFrame error, string agent, IReadOnlyList<string> availableAgents)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(availableAgents);
        var details = new JsonObject { ["agent_name"] = agent, ["asp_code"] = error.Code, ["retryable"] = error.Retryable };
        switch (error.Code)
        {
            case AspErrorCodes.UnknownAgent:
                var available = new JsonArray();
                foreach (var name in availableAgents) available.Add(name);
                details["available_agents"] = available;
                return new AgenkitError(AgenkitErrorCodes.AgentNotFound, $"Agent '{agent}' not found in registry", details);
            case AspErrorCodes.Timeout:
                return new AgenkitError(AgenkitErrorCodes.AgentTimeout, error.Message, details);
            case AspErrorCodes.TooManyInvocations:
                return new AgenkitError(AgenkitErrorCodes.AgentUnavailable, error.Message, details);
            default:
                // A retryable failure (the function host away, a conflict) is the agent being unavailable for now;
                // anything else is the agent's own error.
                return new AgenkitError(error.Retryable ? AgenkitErrorCodes.AgentUnavailable : AgenkitErrorCodes.InternalError, error.Message, details);
        }
    }
}
