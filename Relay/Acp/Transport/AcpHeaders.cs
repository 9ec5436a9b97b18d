namespace AgentPlatform.Relay.Acp.Transport;

/// <summary>The Streamable HTTP transport's header names, media types and session-scoped methods (the SDK's protocol.js).</summary>
public static class AcpHeaders
{
    public const string ConnectionId = "Acp-Connection-Id";
    public const string SessionId = "Acp-Session-Id";
    public const string EventStream = "text/event-stream";
    public const string Json = "application/json";

    private static readonly HashSet<string> SessionScoped = new(StringComparer.Ordinal)
    {
        "session/cancel", "session/close", "session/delete", "session/fork", "session/load", "session/prompt",
        "session/resume", "session/set_config_option", "session/set_mode", "session/set_model",
    };

    /// <summary>True for the methods whose POST must carry <c>Acp-Session-Id</c> even without <c>params.sessionId</c>.</summary>
    public static bool RequiresSession(string? method) => method is not null && SessionScoped.Contains(method);
}
