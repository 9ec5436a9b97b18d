namespace AgentPlatform.Protocol.Acp;

/// <summary>The ACP method names the Relay routes (agent methods are client→agent, client methods agent→client).</summary>
public static class AcpMethods
{
    public const string Initialize = "initialize";
    public const string Authenticate = "authenticate";
    public const string SessionNew = "session/new";
    public const string SessionLoad = "session/load";
    public const string SessionResume = "session/resume";
    public const string SessionPrompt = "session/prompt";
    public const string SessionCancel = "session/cancel";
    public const string SessionClose = "session/close";
    public const string SessionSetMode = "session/set_mode";
    public const string SessionUpdate = "session/update";
    public const string SessionRequestPermission = "session/request_permission";
    public const string FsReadTextFile = "fs/read_text_file";
    public const string FsWriteTextFile = "fs/write_text_file";
    public const string TerminalPrefix = "terminal/";

    /// <summary>Either direction: cancels the peer's request <c>params.requestId</c>.</summary>
    public const string CancelRequest = "$/cancel_request";

    /// <summary>The Relay's replay extension (docs/protocol/acp.md): the client acknowledges session messages up to a sequence number.</summary>
    public const string ReplayAck = "_agentplatform/ack";

    /// <summary>The Relay's replay extension: a new connection takes over a session and receives what it missed.</summary>
    public const string ReplayResume = "_agentplatform/resume";
}
