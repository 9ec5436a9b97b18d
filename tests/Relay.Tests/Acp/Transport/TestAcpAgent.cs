using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;
using AgentPlatform.Relay.Acp.Agents;

namespace AgentPlatform.Relay.Tests.Acp.Transport;

/// <summary>
/// An in-test ACP agent shared by many clients: it knows its sessions and which attachment owns each, answers
/// session/new, streams session/update for session/prompt, asks the client for permission (test/ask) and can push
/// updates to a session's owner at any time (the replay tests push while the client is away).
/// </summary>
public sealed class TestAcpAgent(string name) : IAcpAgent
{
    private int _sessions;

    public string Name => name;

    /// <summary>Session id -> the attachment that owns it.</summary>
    public ConcurrentDictionary<string, TestAcpAttachment> Owners { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<TestAcpAttachment> Attachments { get; } = new();

    /// <summary>When set, AttachAsync waits for it (frames sent meanwhile must queue).</summary>
    public TaskCompletionSource? InitializeGate { get; set; }

    /// <summary>When set, AttachAsync throws <see cref="AcpAgentUnavailableException"/> with it.</summary>
    public string? UnavailableReason { get; set; }

    /// <summary>One initialize result object handed to every client, as a shared agent would.</summary>
    public JsonObject InitializeResult { get; } = new()
    {
        ["protocolVersion"] = 1,
        ["agentCapabilities"] = new JsonObject { ["loadSession"] = true },
        ["agentInfo"] = new JsonObject { ["name"] = name },
    };

    public async ValueTask<IAcpAttachment> AttachAsync(IAcpClientPeer peer, JsonRpcMessage initialize, CancellationToken cancellationToken)
    {
        if (UnavailableReason is { } reason) throw new AcpAgentUnavailableException(reason);
        if (InitializeGate is { } gate) await gate.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        var attachment = new TestAcpAttachment(this, peer);
        Attachments.Enqueue(attachment);
        return attachment;
    }

    public string NewSessionId() => "sess-" + Interlocked.Increment(ref _sessions).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Sends one session/update to whoever owns <paramref name="sessionId"/>; what the peer answered.</summary>
    public ValueTask<bool> PushAsync(string sessionId, string text) => Owners[sessionId].Peer.SendAsync(Update(sessionId, text));

    public static JsonRpcMessage Update(string sessionId, string text) => JsonRpcMessage.Notification(AcpMethods.SessionUpdate, new JsonObject
    {
        ["sessionId"] = sessionId,
        ["update"] = new JsonObject
        {
            ["sessionUpdate"] = "agent_message_chunk",
            ["content"] = new JsonObject { ["type"] = "text", ["text"] = text },
        },
    });
}
