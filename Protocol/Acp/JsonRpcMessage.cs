using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentPlatform.Protocol.Acp;

/// <summary>
/// One JSON-RPC 2.0 message as a mutable JSON object, classified. The Relay forwards messages between clients and
/// agents and rewrites ids on the way (<see cref="WithId"/>), so it keeps the object, not a typed model: fields it
/// does not know travel unchanged.
/// </summary>
public sealed class JsonRpcMessage
{
    private JsonRpcMessage(JsonRpcKind kind, JsonObject body)
    {
        Kind = kind;
        Body = body;
    }

    public JsonRpcKind Kind { get; }

    /// <summary>The whole message; <c>jsonrpc: "2.0"</c> included.</summary>
    public JsonObject Body { get; }

    /// <summary>The id of a request or response: a JSON string, number or null; null for a notification.</summary>
    public JsonNode? Id => Body["id"];

    /// <summary>The id as a key that tells <c>1</c> from <c>"1"</c> (<see cref="JsonRpcIds.Key"/>); null for a notification.</summary>
    public string? IdKey => Kind == JsonRpcKind.Notification ? null : JsonRpcIds.Key(Id);

    /// <summary>The method of a request or notification.</summary>
    public string? Method => Kind == JsonRpcKind.Response ? null : (string?)Body["method"];

    public JsonNode? Params => Body["params"];

    /// <summary><c>params.sessionId</c> when it is a string: the session a request or notification belongs to.</summary>
    public string? SessionId => Params is JsonObject p && p["sessionId"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A response's <c>result</c> (null for an error response or a null result).</summary>
    public JsonNode? Result => Body["result"];

    /// <summary>A response's <c>error</c> object.</summary>
    public JsonObject? Error => Body["error"] as JsonObject;

    public bool IsError => Kind == JsonRpcKind.Response && Body.ContainsKey("error");

    /// <summary>Wraps an object already known to be a valid message of <paramref name="kind"/> (what the parser made).</summary>
    internal static JsonRpcMessage Wrap(JsonRpcKind kind, JsonObject body) => new(kind, body);

    /// <summary>A copy with <c>id</c> replaced (the Relay remaps ids between a client and a shared agent).</summary>
    public JsonRpcMessage WithId(JsonNode? id)
    {
        var copy = (JsonObject)Body.DeepClone();
        copy["id"] = id?.DeepClone();
        return new JsonRpcMessage(Kind, copy);
    }

    public static JsonRpcMessage Request(JsonNode? id, string method, JsonNode? parameters = null)
    {
        var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), ["method"] = method };
        if (parameters is not null) body["params"] = parameters;
        return new JsonRpcMessage(JsonRpcKind.Request, body);
    }

    public static JsonRpcMessage Notification(string method, JsonNode? parameters = null)
    {
        var body = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (parameters is not null) body["params"] = parameters;
        return new JsonRpcMessage(JsonRpcKind.Notification, body);
    }

    /// <summary>A success response; a null <paramref name="result"/> is sent as <c>"result": null</c>.</summary>
    public static JsonRpcMessage Success(JsonNode? id, JsonNode? result) =>
        new(JsonRpcKind.Response, new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), ["result"] = result });

    /// <summary>An error response (<see cref="JsonRpcErrorCodes"/>); <paramref name="id"/> null when the request's id is unknown.</summary>
    public static JsonRpcMessage Failure(JsonNode? id, int code, string message, JsonNode? data = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (data is not null) error["data"] = data;
        return new JsonRpcMessage(JsonRpcKind.Response, new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), ["error"] = error });
    }

    /// <summary>-32002 for a session this connection may not use, with <c>data.sessionId</c> as the ACP SDK sends it.</summary>
    public static JsonRpcMessage SessionNotFound(JsonNode? id, string sessionId) =>
        Failure(id, JsonRpcErrorCodes.ResourceNotFound, "Resource not found", new JsonObject { ["sessionId"] = sessionId });

    /// <summary>The compact UTF-8 JSON of the message (one WebSocket text frame, one SSE data line).</summary>
    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(Body, JsonRpcParser.SerializerOptions);

    public override string ToString() => Body.ToJsonString(JsonRpcParser.SerializerOptions);
}
