using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;
using AgentPlatform.Relay.Acp.Agents;

namespace AgentPlatform.Relay.Tests.Acp.Platform;

/// <summary>A test's side of one attachment: sends requests with fresh ids and reads what comes back.</summary>
public sealed class AcpSession(IAcpAttachment attachment, RecordingPeer peer) : IAsyncDisposable
{
    private int _nextId;

    public IAcpAttachment Attachment { get; } = attachment;

    public RecordingPeer Peer { get; } = peer;

    public static async Task<AcpSession> AttachAsync(IAcpAgent agent, string connectionId, int protocolVersion = 1)
    {
        var peer = new RecordingPeer(connectionId);
        var initialize = JsonRpcMessage.Request(0, AcpMethods.Initialize, new JsonObject
        {
            ["protocolVersion"] = protocolVersion,
            ["clientCapabilities"] = new JsonObject(),
        });
        var attachment = await agent.AttachAsync(peer, initialize, CancellationToken.None);
        return new AcpSession(attachment, peer);
    }

    /// <summary>Sends a request; returns its id.</summary>
    public async Task<int> SendAsync(string method, JsonObject parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        await Attachment.ReceiveAsync(Wire(JsonRpcMessage.Request(id, method, parameters)), CancellationToken.None);
        return id;
    }

    public Task NotifyAsync(string method, JsonObject parameters) =>
        Attachment.ReceiveAsync(Wire(JsonRpcMessage.Notification(method, parameters)), CancellationToken.None).AsTask();

    /// <summary>Answers a request the agent sent this client.</summary>
    public Task RespondAsync(JsonRpcMessage request, JsonObject result) =>
        Attachment.ReceiveAsync(Wire(JsonRpcMessage.Success(request.Id, result)), CancellationToken.None).AsTask();

    /// <summary>What the transport would hand the attachment: the message as parsed from its bytes.</summary>
    public static JsonRpcMessage Wire(JsonRpcMessage message) => JsonRpcParser.Parse(message.ToUtf8()).Message!;

    /// <summary>Sends a request and waits for its response, returning everything received until then.</summary>
    public async Task<(JsonRpcMessage Response, List<JsonRpcMessage> Before)> CallAsync(string method, JsonObject parameters)
    {
        var id = await SendAsync(method, parameters);
        var messages = await Peer.UntilAsync(m => IsResponseTo(m, id));
        return (messages[^1], messages[..^1]);
    }

    public async Task<string> NewSessionAsync()
    {
        var (response, _) = await CallAsync(AcpMethods.SessionNew, new JsonObject { ["cwd"] = "/", ["mcpServers"] = new JsonArray() });
        return (string)response.Result!["sessionId"]!;
    }

    public static JsonObject Prompt(string sessionId, string text) => new()
    {
        ["sessionId"] = sessionId,
        ["prompt"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
    };

    public static bool IsResponseTo(JsonRpcMessage m, int id) => m.Kind == JsonRpcKind.Response && m.IdKey == "n:" + id;

    /// <summary>The text of the agent_message_chunk updates among <paramref name="messages"/>.</summary>
    public static List<string> AgentText(IEnumerable<JsonRpcMessage> messages) =>
        [.. messages.Where(m => m.Method == AcpMethods.SessionUpdate && (string?)m.Params!["update"]!["sessionUpdate"] == "agent_message_chunk")
            .Select(m => (string)m.Params!["update"]!["content"]!["text"]!)];

    public ValueTask DisposeAsync() => Attachment.DisposeAsync();
}
