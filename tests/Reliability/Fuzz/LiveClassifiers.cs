using System.Text.Json;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.WebPubSub.Messages;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>
/// What a fuzzing connection may receive, per dialect: anything well-formed in the dialect; error answers are
/// counted as protocol errors; an answer that does not parse, or that reports the server's own internal failure
/// (asp-v1 INTERNAL, Web PubSub InternalServerError, JSON-RPC -32603), is a failure to explain.
/// </summary>
public static class LiveClassifiers
{
    public static string? AspV1(byte[] message, LiveFuzzStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        AspFrame frame;
        try
        {
            frame = AspV1Protocol.Parse((ReadOnlyMemory<byte>)message);
        }
        catch (AspProtocolException ex)
        {
            return "the server sent a frame that does not parse: " + ex.Message;
        }
        if (frame is not ErrorFrame error) return null;
        stats.AddProtocolError();
        return error.Code == AspErrorCodes.Internal ? "ERROR INTERNAL: " + error.Message : null;
    }

    public static string? WebPubSub(byte[] message, LiveFuzzStats stats) => Json(message, stats, m =>
        m["type"]?.GetValue<string>() == "ack" && m["success"]?.GetValue<bool>() == false
            ? (m["error"]?["name"]?.GetValue<string>() == AckErrorNames.InternalServerError ? "ack InternalServerError: " + m["error"]?["message"] : "")
            : null);

    public static string? Acp(byte[] message, LiveFuzzStats stats) => Json(message, stats, m =>
        m["error"] is JsonObject e ? (e["code"]?.GetValue<int>() == -32603 ? "JSON-RPC internal error: " + e["message"] : "") : null);

    public static string? AgentChat(byte[] message, LiveFuzzStats stats) => Json(message, stats, m =>
        m["type"]?.GetValue<string>() == "ERROR" ? "" : null);

    /// <summary>
    /// Parses a JSON answer; <paramref name="check"/> returns null (not an error), "" (a protocol error) or a failure.
    /// </summary>
    private static string? Json(byte[] message, LiveFuzzStats stats, Func<JsonObject, string?> check)
    {
        ArgumentNullException.ThrowIfNull(stats);
        JsonObject? node;
        try
        {
            node = JsonNode.Parse(message) as JsonObject;
        }
        catch (JsonException ex)
        {
            return "the server sent JSON that does not parse: " + ex.Message;
        }
        if (node is null) return "the server sent JSON that is not an object";
        string? verdict;
        try
        {
            verdict = check(node);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            return "the server sent a mistyped field: " + ex.Message;
        }
        if (verdict is null) return null;
        stats.AddProtocolError();
        return verdict.Length == 0 ? null : verdict;
    }
}
