using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;
using AgentPlatform.Relay.Acp.Agents;
using AgentPlatform.Relay.Acp.Agents.Stdio;

namespace AgentPlatform.Relay.Tests.Acp.Stdio;

/// <summary>One test client attached to a <see cref="StdioAcpAgent"/> directly (no transport): sends messages, waits for answers.</summary>
public sealed class StdioTestClient : IAsyncDisposable
{
    private long _nextId;

    private StdioTestClient(RecordingPeer peer, IAcpAttachment attachment)
    {
        Peer = peer;
        Attachment = attachment;
    }

    public RecordingPeer Peer { get; }

    public IAcpAttachment Attachment { get; }

    public static readonly JsonObject AllCapabilities = new()
    {
        ["fs"] = new JsonObject { ["readTextFile"] = true, ["writeTextFile"] = true },
        ["terminal"] = true,
    };

    public static async Task<StdioTestClient> AttachAsync(IAcpAgent agent, string name, JsonObject? capabilities = null, int protocolVersion = 1)
    {
        var peer = new RecordingPeer(name);
        var initialize = JsonRpcMessage.Request(0, AcpMethods.Initialize, new JsonObject
        {
            ["protocolVersion"] = protocolVersion,
            ["clientCapabilities"] = (capabilities ?? new JsonObject()).DeepClone(),
            ["clientInfo"] = new JsonObject { ["name"] = name, ["version"] = "1.0.0" },
        });
        var attachment = await agent.AttachAsync(peer, initialize, CancellationToken.None);
        peer.Attachment = attachment;
        return new StdioTestClient(peer, attachment);
    }

    /// <summary>Sends a request with <paramref name="id"/> (a fresh number when null) and waits for the response with exactly that id.</summary>
    public async Task<JsonRpcMessage> RequestAsync(string method, JsonObject parameters, JsonNode? id = null, TimeSpan? timeout = null)
    {
        id ??= Interlocked.Increment(ref _nextId) + 1000;
        var key = JsonRpcIds.Key(id);
        await Attachment.ReceiveAsync(JsonRpcMessage.Request(id, method, parameters), CancellationToken.None);
        return await Peer.WaitForAsync(m => m.Kind == JsonRpcKind.Response && m.IdKey == key, timeout);
    }

    public Task SendAsync(JsonRpcMessage message) => Attachment.ReceiveAsync(message, CancellationToken.None).AsTask();

    public async Task<string> NewSessionAsync()
    {
        var response = await RequestAsync(AcpMethods.SessionNew, new JsonObject { ["cwd"] = "/", ["mcpServers"] = new JsonArray() });
        return (string?)response.Result?["sessionId"] ?? throw new InvalidOperationException("session/new failed: " + response);
    }

    public static JsonObject Prompt(string sessionId, string text) => new()
    {
        ["sessionId"] = sessionId,
        ["prompt"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
    };

    public Task<JsonRpcMessage> PromptAsync(string sessionId, string text, JsonNode? id = null, TimeSpan? timeout = null) =>
        RequestAsync(AcpMethods.SessionPrompt, Prompt(sessionId, text), id, timeout);

    /// <summary>The texts of the session/update notifications received so far, for every session.</summary>
    public IReadOnlyList<(string SessionId, string Kind, string Text)> Updates() =>
        [.. Peer.Received
            .Where(m => m.Method == AcpMethods.SessionUpdate)
            .Select(m => (m.SessionId ?? "", (string?)m.Params?["update"]?["sessionUpdate"] ?? "", (string?)m.Params?["update"]?["content"]?["text"] ?? ""))];

    public IReadOnlyList<string> AgentChunks(string sessionId) =>
        [.. Updates().Where(u => u.SessionId == sessionId && u.Kind == "agent_message_chunk").Select(u => u.Text)];

    public ValueTask DisposeAsync() => Attachment.DisposeAsync();
}
