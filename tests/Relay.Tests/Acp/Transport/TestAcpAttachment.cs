using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;
using AgentPlatform.Relay.Acp.Agents;

namespace AgentPlatform.Relay.Tests.Acp.Transport;

/// <summary>One client's attachment to a <see cref="TestAcpAgent"/>.</summary>
public sealed class TestAcpAttachment(TestAcpAgent agent, IAcpClientPeer peer) : IAcpAttachment
{
    private readonly ConcurrentDictionary<string, byte> _asked = new(StringComparer.Ordinal);
    private int _requests;

    public IAcpClientPeer Peer { get; } = peer;

    public string SessionScope => "test/" + agent.Name;

    // The agent's one object: the edge must copy it for each client.
    public JsonObject InitializeResult => agent.InitializeResult;

    public ConcurrentQueue<JsonRpcMessage> Received { get; } = new();

    public TaskCompletionSource Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask ReceiveAsync(JsonRpcMessage message, CancellationToken cancellationToken)
    {
        Received.Enqueue(message);
        if (message.Kind == JsonRpcKind.Response)
        {
            if (message.IdKey is { } key && _asked.TryRemove(key, out _))
            {
                await Peer.SendAsync(JsonRpcMessage.Notification("test/answered", new JsonObject { ["result"] = message.Result?.DeepClone() }), cancellationToken);
            }
            return;
        }
        if (message.Kind == JsonRpcKind.Notification) return;
        var sessionId = message.SessionId;
        switch (message.Method)
        {
            case AcpMethods.SessionNew:
                var id = agent.NewSessionId();
                agent.Owners[id] = this;
                await Peer.SendAsync(JsonRpcMessage.Success(message.Id, new JsonObject { ["sessionId"] = id }), cancellationToken);
                return;
            case AcpMethods.SessionPrompt when sessionId is not null && agent.Owners.TryGetValue(sessionId, out var owner) && owner == this:
                var count = message.Params?["count"] is JsonValue c ? c.GetValue<int>() : 3;
                for (var i = 1; i <= count; i++) await Peer.SendAsync(TestAcpAgent.Update(sessionId, "chunk " + i), cancellationToken);
                await Peer.SendAsync(JsonRpcMessage.Success(message.Id, new JsonObject { ["stopReason"] = "end_turn" }), cancellationToken);
                return;
            case AcpMethods.SessionPrompt:
                await Peer.SendAsync(JsonRpcMessage.SessionNotFound(message.Id, sessionId ?? ""), cancellationToken);
                return;
            case "test/ask":
                var requestId = "agent-" + Interlocked.Increment(ref _requests).ToString(System.Globalization.CultureInfo.InvariantCulture);
                _asked[JsonRpcIds.Key(requestId)!] = 0;
                var ask = new JsonObject { ["options"] = new JsonArray() };
                if (sessionId is not null) ask["sessionId"] = sessionId;
                await Peer.SendAsync(JsonRpcMessage.Request(requestId, AcpMethods.SessionRequestPermission, ask), cancellationToken);
                await Peer.SendAsync(JsonRpcMessage.Success(message.Id, new JsonObject { ["asked"] = requestId }), cancellationToken);
                return;
            case "test/echo":
                await Peer.SendAsync(JsonRpcMessage.Success(message.Id, message.Params?.DeepClone()), cancellationToken);
                return;
            case "test/fail":
                Peer.Fail("agent crashed");
                return;
            default:
                await Peer.SendAsync(JsonRpcMessage.Failure(message.Id, JsonRpcErrorCodes.MethodNotFound, "Method not found"), cancellationToken);
                return;
        }
    }

    public ValueTask<bool> AdoptSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (!agent.Owners.ContainsKey(sessionId)) return ValueTask.FromResult(false);
        agent.Owners[sessionId] = this;
        return ValueTask.FromResult(true);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var (session, owner) in agent.Owners)
        {
            if (owner == this) agent.Owners.TryRemove(new KeyValuePair<string, TestAcpAttachment>(session, owner));
        }
        Disposed.TrySetResult();
        return ValueTask.CompletedTask;
    }
}
