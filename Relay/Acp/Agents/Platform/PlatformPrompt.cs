using System.Text.Json.Nodes;

namespace AgentPlatform.Relay.Acp.Agents.Platform;

/// <summary>
/// One session/prompt in flight: the invocation that runs it and the attachment whose request it answers (the
/// response goes to that connection with the client's own id, even when another connection loaded the session since).
/// </summary>
internal sealed class PlatformPrompt(PlatformAcpAttachment origin, PlatformAcpSession session, JsonNode? requestId, string invocationId)
{
    private int _answered;

    public PlatformAcpAttachment Origin { get; } = origin;

    public PlatformAcpSession Session { get; } = session;

    /// <summary>The client's JSON-RPC id of the session/prompt request.</summary>
    public JsonNode? RequestId { get; } = requestId?.DeepClone();

    /// <summary>The asp-v1 invocation id (unique on the attachment's connection).</summary>
    public string InvocationId { get; } = invocationId;

    /// <summary>Claims the one response of the prompt; false when it was answered already.</summary>
    public bool TryAnswer() => Interlocked.Exchange(ref _answered, 1) == 0;
}
