using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Client.Tests.Acp;

/// <summary>One client connection of <see cref="FakeAcpAgentServer"/>: serialized sends, and requests the agent awaits answers to.</summary>
public sealed class FakeAcpConnection(WebSocket socket, string id) : IDisposable
{
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonRpcMessage>> _asked = new(StringComparer.Ordinal);
    private int _nextId;

    public string Id { get; } = id;

    public WebSocket Socket { get; } = socket;

    public bool Replay { get; set; }

    public JsonObject? InitializeParams { get; set; }

    public async Task<bool> SendAsync(JsonRpcMessage message)
    {
        try
        {
            await _send.WaitAsync();
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        try
        {
            if (Socket.State != WebSocketState.Open) return false;
            await Socket.SendAsync(message.ToUtf8(), WebSocketMessageType.Text, true, CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>Sends a text frame as is (bytes a well-behaved agent would never send).</summary>
    public async Task SendRawAsync(byte[] bytes, WebSocketMessageType type = WebSocketMessageType.Text)
    {
        await _send.WaitAsync();
        try
        {
            await Socket.SendAsync(bytes, type, true, CancellationToken.None);
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>Sends a request to the client and waits (bounded) for its response.</summary>
    public async Task<JsonRpcMessage> AskAsync(string method, JsonObject parameters)
    {
        var id = "agent-" + Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonRpcMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _asked[JsonRpcIds.Key(JsonValue.Create(id))!] = answer;
        await SendAsync(JsonRpcMessage.Request(id, method, parameters));
        return await answer.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public void Dispose() => _send.Dispose();

    public void Answered(JsonRpcMessage response)
    {
        if (response.IdKey is { } key && _asked.TryRemove(key, out var waiting)) waiting.TrySetResult(response);
    }
}
