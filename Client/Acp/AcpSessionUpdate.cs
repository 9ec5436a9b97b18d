using System.Text.Json.Nodes;

namespace AgentPlatform.Client.Acp;

/// <summary>One <c>session/update</c> notification: the session, the <c>update</c> object, and its replay number.</summary>
public sealed record AcpSessionUpdate(string SessionId, JsonObject Update)
{
    /// <summary><c>update.sessionUpdate</c>: agent_message_chunk, user_message_chunk, tool_call, plan, …</summary>
    public string? Kind => Update["sessionUpdate"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The text of a message chunk whose content is a text block; null otherwise.</summary>
    public string? Text => Update["content"] is JsonObject c && c["text"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;

    /// <summary><c>_meta["agentplatform/seq"]</c> with the replay extension; null without it.</summary>
    public long? Seq { get; init; }
}
