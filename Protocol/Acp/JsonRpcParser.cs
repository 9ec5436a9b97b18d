using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace AgentPlatform.Protocol.Acp;

/// <summary>
/// Parses one JSON-RPC 2.0 message (one WebSocket text frame, one POST body, one line of a stdio agent). Pure and
/// total: any input gives either a message or the error response the ACP SDK's server sends for it
/// (docs/protocol/acp.md, "Errors"); nothing else escapes.
/// </summary>
public static class JsonRpcParser
{
    /// <summary>Deepest nesting accepted; deeper input is a parse error, not a stack overflow.</summary>
    public const int MaxDepth = 64;

    // Relaxed escaping writes text as the ACP SDK does (JSON.stringify): the messages never reach HTML, and the
    // default encoder's \u escapes of quotes, accents and emoji would grow every agent's text.
    internal static readonly JsonSerializerOptions SerializerOptions = new()
    {
        WriteIndented = false, MaxDepth = MaxDepth + 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };

    // Duplicate names are refused here: JsonObject would otherwise find them lazily, on first access, far from the parser.
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = MaxDepth, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, AllowDuplicateProperties = false,
    };

    public static JsonRpcParseResult Parse(ReadOnlySpan<byte> utf8)
    {
        // System.Text.Json decodes strings lazily: invalid UTF-8 inside one would surface on first access, not here.
        if (!Utf8.IsValid(utf8)) return Fail(null, JsonRpcErrorCodes.ParseError, "Parse error");
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8, NodeOptions, DocumentOptions);
            // An escaped lone surrogate ("\ud800") parses but cannot be written back out, which forwarding does.
            if (utf8.IndexOf("\\u"u8) >= 0) _ = JsonSerializer.SerializeToUtf8Bytes(node, SerializerOptions);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return Fail(null, JsonRpcErrorCodes.ParseError, "Parse error");
        }
        return Classify(node);
    }

    /// <summary>Parses a string (a test, a stdio line already decoded).</summary>
    public static JsonRpcParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(System.Text.Encoding.UTF8.GetBytes(text));
    }

    private static JsonRpcParseResult Classify(JsonNode? node)
    {
        if (node is JsonArray) return Fail(null, JsonRpcErrorCodes.InvalidRequest, "Invalid request: JSON-RPC batches are not supported");
        if (node is not JsonObject body) return Fail(null, JsonRpcErrorCodes.InvalidRequest, "Invalid request");
        var hasId = body.TryGetPropertyValue("id", out var id);
        if (hasId && !JsonRpcIds.IsValid(id)) return Fail(null, JsonRpcErrorCodes.InvalidRequest, "Invalid request: id must be a string, a number or null");
        if (body["jsonrpc"] is not JsonValue version || version.GetValueKind() != JsonValueKind.String || version.GetValue<string>() != "2.0")
        {
            return Fail(hasId ? id : null, JsonRpcErrorCodes.InvalidRequest, "Invalid request: jsonrpc must be \"2.0\"");
        }
        if (body.TryGetPropertyValue("method", out var method))
        {
            if (method is not JsonValue m || m.GetValueKind() != JsonValueKind.String)
            {
                return Fail(hasId ? id : null, JsonRpcErrorCodes.InvalidRequest, "Invalid request: method must be a string");
            }
            if (body.TryGetPropertyValue("params", out var p) && p is not (JsonObject or JsonArray))
            {
                return Fail(hasId ? id : null, JsonRpcErrorCodes.InvalidRequest, "Invalid request: params must be an object or an array");
            }
            return Ok(hasId ? JsonRpcKind.Request : JsonRpcKind.Notification, body);
        }
        if (!hasId) return Fail(null, JsonRpcErrorCodes.InvalidRequest, "Invalid request: neither a method nor an id");
        var hasResult = body.ContainsKey("result");
        var hasError = body.TryGetPropertyValue("error", out var error);
        if (hasResult == hasError) return Fail(id, JsonRpcErrorCodes.InvalidRequest, "Invalid request: a response has exactly one of result and error");
        if (hasError && (error is not JsonObject e || e["code"] is not JsonValue code || code.GetValueKind() != JsonValueKind.Number))
        {
            return Fail(id, JsonRpcErrorCodes.InvalidRequest, "Invalid request: error must be an object with a numeric code");
        }
        return Ok(JsonRpcKind.Response, body);
    }

    private static JsonRpcParseResult Ok(JsonRpcKind kind, JsonObject body) => new(JsonRpcMessage.Wrap(kind, body), null);

    private static JsonRpcParseResult Fail(JsonNode? id, int code, string message) => new(null, JsonRpcMessage.Failure(id, code, message));
}
