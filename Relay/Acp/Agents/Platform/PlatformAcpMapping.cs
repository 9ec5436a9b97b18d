using System.Text.Json.Nodes;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Relay.Acp.Agents.Platform;

/// <summary>
/// How asp-v1 values become ACP JSON and back (docs/protocol/acp.md, "Platform agents"). Pure functions, so the
/// mapping is testable without a connection.
/// </summary>
public static class PlatformAcpMapping
{
    /// <summary>The <c>_meta</c> key of a prompt response carrying COMPLETE's result (absent without one).</summary>
    public const string ResultMetaKey = "agentplatform/result";

    /// <summary>The <c>_meta</c> key of a prompt response carrying COMPLETE's metrics.</summary>
    public const string MetricsMetaKey = "agentplatform/metrics";

    /// <summary>
    /// The <c>_meta</c> key a client may put in its session/request_permission response: its value is sent as the
    /// REPLY data verbatim (a free-text answer to a question), whatever the outcome says.
    /// </summary>
    public const string ReplyMetaKey = "agentplatform/reply";

    /// <summary>
    /// The invocation input of a prompt: the text blocks joined with "\n" as a string when every block is text, else
    /// the blocks array as a MessagePack value.
    /// </summary>
    public static MsgPackValue PromptInput(JsonArray prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var texts = new List<string>(prompt.Count);
        foreach (var block in prompt)
        {
            if (block is JsonObject o && (string?)(o["type"] as JsonValue) == "text" && o["text"] is JsonValue t && t.TryGetValue<string>(out var text))
            {
                texts.Add(text);
            }
            else
            {
                return MsgPackJson.FromJsonNode(prompt);
            }
        }
        return MsgPackValue.From(string.Join('\n', texts));
    }

    /// <summary>The text of an agent_message_chunk for one STREAM chunk: a string as is, anything else as its JSON.</summary>
    public static string ChunkText(MsgPackValue data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Kind == MsgPackValueKind.String ? data.AsString() : MsgPackJson.ToJsonString(data);
    }

    /// <summary>The <c>update</c> of a session/update carrying agent output.</summary>
    public static JsonObject AgentChunk(string text) => new()
    {
        ["sessionUpdate"] = "agent_message_chunk",
        ["content"] = new JsonObject { ["type"] = "text", ["text"] = text },
    };

    /// <summary>The <c>update</c> replaying one block of a client's prompt.</summary>
    public static JsonObject UserChunk(JsonNode? block) => new()
    {
        ["sessionUpdate"] = "user_message_chunk",
        ["content"] = block?.DeepClone(),
    };

    /// <summary>The session/prompt result for COMPLETE.</summary>
    public static JsonObject CompleteResult(CompleteFrame complete)
    {
        ArgumentNullException.ThrowIfNull(complete);
        var meta = new JsonObject();
        if (complete.Result is { } result) meta[ResultMetaKey] = MsgPackJson.ToJsonNode(result);
        meta[MetricsMetaKey] = Metrics(complete.Metrics);
        return new JsonObject { ["stopReason"] = "end_turn", ["_meta"] = meta };
    }

    /// <summary>The session/prompt result of a cancelled prompt (ERROR INTERRUPTED).</summary>
    public static JsonObject CancelledResult() => new() { ["stopReason"] = "cancelled" };

    /// <summary>The <c>data</c> of the -32603 error for any other ERROR.</summary>
    public static JsonObject ErrorData(ErrorFrame error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var data = new JsonObject { ["code"] = error.Code, ["retryable"] = error.Retryable };
        if (error.RetryAfterMs is { } after) data["retryAfterMs"] = after;
        return data;
    }

    /// <summary>The params of the session/request_permission that asks the client a REQUEST.</summary>
    public static JsonObject PermissionParams(string sessionId, RequestFrame request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var data = request.Data;
        var question = data.TryGetValue("question", out var q) && q.Kind == MsgPackValueKind.String ? q.AsString() : MsgPackJson.ToJsonString(data);
        var rawInput = MsgPackJson.ToJsonNode(data);
        return new JsonObject
        {
            ["sessionId"] = sessionId,
            ["toolCall"] = new JsonObject
            {
                ["toolCallId"] = request.Rid,
                ["title"] = request.Kind + ": " + question,
                ["kind"] = "other",
                ["status"] = "pending",
                ["rawInput"] = rawInput,
            },
            ["options"] = Options(rawInput),
        };
    }

    /// <summary>
    /// What a client's session/request_permission response means: the REPLY data, or null for "cancel the prompt".
    /// <c>_meta["agentplatform/reply"]</c> wins and is the data verbatim; else outcome <c>selected</c> is its
    /// <c>optionId</c> as a string; <c>cancelled</c>, an error response or anything unreadable cancels.
    /// </summary>
    public static MsgPackValue? ReplyData(JsonNode? result)
    {
        if (result is not JsonObject r) return null;
        if (r["_meta"] is JsonObject meta && meta.TryGetPropertyValue(ReplyMetaKey, out var reply)) return MsgPackJson.FromJsonNode(reply);
        if (r["outcome"] is JsonObject outcome && (string?)(outcome["outcome"] as JsonValue) == "selected"
            && outcome["optionId"] is JsonValue id && id.TryGetValue<string>(out var optionId))
        {
            return MsgPackValue.From(optionId);
        }
        return null;
    }

    private static JsonArray Options(JsonNode? rawInput)
    {
        if (rawInput is JsonObject o && o["options"] is JsonArray given && given.Count > 0 && given.All(IsOption))
        {
            return (JsonArray)given.DeepClone();
        }
        return
        [
            new JsonObject { ["optionId"] = "allow", ["name"] = "Allow", ["kind"] = "allow_once" },
            new JsonObject { ["optionId"] = "reject", ["name"] = "Reject", ["kind"] = "reject_once" },
        ];
    }

    private static bool IsOption(JsonNode? node) =>
        node is JsonObject o && IsString(o["optionId"]) && IsString(o["name"]) && IsString(o["kind"]);

    private static bool IsString(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out _);

    private static JsonObject Metrics(CompleteMetrics? metrics)
    {
        var json = new JsonObject();
        if (metrics is null) return json;
        json["durationMs"] = metrics.DurationMs;
        if (metrics.CpuMs is { } cpu) json["cpuMs"] = cpu;
        if (metrics.Chunks is { } chunks) json["chunks"] = chunks;
        if (metrics.Bytes is { } bytes) json["bytes"] = bytes;
        foreach (var (key, value) in metrics.Additional) json[key] = MsgPackJson.ToJsonNode(value);
        return json;
    }
}
