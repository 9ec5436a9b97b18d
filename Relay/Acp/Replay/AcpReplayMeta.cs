using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Relay.Acp.Replay;

/// <summary>The replay extension's wire names (docs/protocol/acp.md, "Replay extension") and its <c>_meta</c> helpers.</summary>
public static class AcpReplayMeta
{
    /// <summary><c>initialize</c> params._meta key a client sets to true to ask for replay.</summary>
    public const string ReplayKey = "agentplatform/replay";

    /// <summary>params._meta key carrying a session notification's sequence number.</summary>
    public const string SeqKey = "agentplatform/seq";

    /// <summary>True when <paramref name="initialize"/> asks for the extension (<c>params._meta["agentplatform/replay"] == true</c>).</summary>
    public static bool Requested(JsonRpcMessage initialize)
    {
        ArgumentNullException.ThrowIfNull(initialize);
        return initialize.Params is JsonObject p && p["_meta"] is JsonObject meta && meta[ReplayKey] is JsonValue v
            && v.TryGetValue<bool>(out var on) && on;
    }

    /// <summary>A copy of a notification with <c>params._meta["agentplatform/seq"] = seq</c>; the original is left untouched.</summary>
    public static JsonRpcMessage Stamp(JsonRpcMessage notification, long seq)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var parameters = notification.Params is JsonObject p ? (JsonObject)p.DeepClone() : [];
        if (parameters["_meta"] is not JsonObject meta)
        {
            meta = [];
            parameters["_meta"] = meta;
        }
        meta[SeqKey] = seq;
        return JsonRpcMessage.Notification(notification.Method!, parameters);
    }

    /// <summary>A copy of an initialize result that tells the client the extension is on.</summary>
    public static JsonObject Announce(JsonObject initializeResult)
    {
        ArgumentNullException.ThrowIfNull(initializeResult);
        var result = (JsonObject)initializeResult.DeepClone();
        if (result["_meta"] is not JsonObject meta)
        {
            meta = [];
            result["_meta"] = meta;
        }
        meta[ReplayKey] = true;
        return result;
    }

    /// <summary><c>result.sessionId</c> of a response (session/new, session/load, session/fork), when a string.</summary>
    public static string? ResultSessionId(JsonRpcMessage response) =>
        response?.Result is JsonObject r && r["sessionId"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
