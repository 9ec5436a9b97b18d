using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using AgentPlatform.Relay.Auth;
using AgentPlatform.Relay.Tests.Infrastructure;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Relay.Tests.Acp.Transport;

/// <summary>A raw ACP client over ClientWebSocket: JSON text frames in and out, every wait bounded.</summary>
public sealed class AcpWsClient : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private AcpWsClient(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    /// <summary>The 101's Acp-Connection-Id.</summary>
    public string? ConnectionId => Socket.HttpResponseHeaders?.TryGetValue("Acp-Connection-Id", out var v) == true ? v.FirstOrDefault() : null;

    /// <summary>Messages read while waiting for something else (notifications, agent requests), in order.</summary>
    public List<JsonObject> Seen { get; } = [];

    public static async Task<AcpWsClient> ConnectAsync(Uri url, string? token, TokenVia via)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var uri = new UriBuilder(url);
        switch (via)
        {
            case TokenVia.Header:
                socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
                break;
            case TokenVia.Subprotocol:
                socket.Options.AddSubProtocol(AgentSocketAuthenticator.ToSubprotocol(token!));
                break;
            case TokenVia.Query:
                uri.Query = "access_token=" + Uri.EscapeDataString(token!);
                break;
        }
        using var cts = new CancellationTokenSource(Wait);
        try
        {
            await socket.ConnectAsync(uri.Uri, cts.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new AcpWsClient(socket);
    }

    /// <summary>The status code a refused upgrade got (401, 404).</summary>
    public static async Task<int> RefusedStatusAsync(Uri url, string? token, TokenVia via)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var uri = new UriBuilder(url);
        if (via == TokenVia.Header) socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        if (via == TokenVia.Query) uri.Query = "access_token=" + Uri.EscapeDataString(token!);
        if (via == TokenVia.Subprotocol) socket.Options.AddSubProtocol(AgentSocketAuthenticator.ToSubprotocol(token!));
        using var cts = new CancellationTokenSource(Wait);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri.Uri, cts.Token));
        return (int)socket.HttpStatusCode;
    }

    public Task SendAsync(string text) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SendAsync(JsonObject message) => SendAsync(message.ToJsonString());

    public Task RequestAsync(object id, string method, JsonObject? parameters = null) => SendAsync(Request(id, method, parameters));

    public Task NotifyAsync(string method, JsonObject? parameters = null)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (parameters is not null) message["params"] = parameters;
        return SendAsync(message);
    }

    public static JsonObject Request(object id, string method, JsonObject? parameters = null)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = JsonValue.Create(id), ["method"] = method };
        if (parameters is not null) message["params"] = parameters;
        return message;
    }

    /// <summary>The next text message.</summary>
    public async Task<JsonObject> ReceiveAsync()
    {
        using var cts = new CancellationTokenSource(Wait);
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer.GetMemory(16 * 1024), cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"closed {Socket.CloseStatus} {Socket.CloseStatusDescription}");
            }
            buffer.Advance(result.Count);
            if (result.EndOfMessage) return (JsonObject)JsonNode.Parse(buffer.WrittenSpan)!;
        }
    }

    /// <summary>Reads until the response with <paramref name="id"/>; what came before it goes to <see cref="Seen"/>.</summary>
    public async Task<JsonObject> ResponseAsync(object id)
    {
        var want = JsonValue.Create(id)!.ToJsonString();
        for (var i = 0; i < 100_000; i++)
        {
            var message = await ReceiveAsync();
            if (!message.ContainsKey("method") && message["id"]?.ToJsonString() == want) return message;
            Seen.Add(message);
        }
        throw new InvalidOperationException("no response " + want);
    }

    public async Task<JsonObject> CallAsync(object id, string method, JsonObject? parameters = null)
    {
        await RequestAsync(id, method, parameters);
        return await ResponseAsync(id);
    }

    /// <summary>initialize (optionally asking for replay); returns its result.</summary>
    public async Task<JsonObject> InitializeAsync(bool replay = false)
    {
        var parameters = new JsonObject { ["protocolVersion"] = 1, ["clientCapabilities"] = new JsonObject() };
        if (replay) parameters["_meta"] = new JsonObject { ["agentplatform/replay"] = true };
        var response = await CallAsync(0, "initialize", parameters);
        return Assert.IsType<JsonObject>(response["result"]);
    }

    public async Task<string> NewSessionAsync(object id)
    {
        var response = await CallAsync(id, "session/new", new JsonObject { ["cwd"] = "/", ["mcpServers"] = new JsonArray() });
        return (string)response["result"]!["sessionId"]!;
    }

    /// <summary>Reads (and drops messages) until the server's close frame; the close status and reason.</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Reason)> ClosedAsync()
    {
        using var cts = new CancellationTokenSource(Wait);
        var buffer = new byte[64 * 1024];
        for (var i = 0; i < 10_000; i++)
        {
            var result = await Socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close) return (Socket.CloseStatus, Socket.CloseStatusDescription);
        }
        throw new InvalidOperationException("no close");
    }

    public ValueTask DisposeAsync() => Socket.CloseQuietlyAsync();
}
