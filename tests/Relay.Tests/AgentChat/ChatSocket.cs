using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using AgentPlatform.Relay.Tests.Infrastructure;

namespace AgentPlatform.Relay.Tests.AgentChat;

/// <summary>A raw AgentChat client for the Relay's /agentchat: JSON frames over a real WebSocket, bounded waits.</summary>
internal sealed class ChatSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    public string? AgentId { get; private set; }

    /// <summary>
    /// Connects and identifies; with <paramref name="token"/> (default: the agent-socket key) as a query parameter unless
    /// <paramref name="anonymous"/>.
    /// </summary>
    public static async Task<ChatSocket> IdentifiedAsync(Uri relay, string name, bool anonymous = false, string? token = null)
    {
        var chat = new ChatSocket();
        var query = anonymous ? "" : "?access_token=" + Uri.EscapeDataString(token ?? PlatformFixture.SocketKey);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await chat._socket.ConnectAsync(new Uri(relay.ToString().Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + "/agentchat" + query), cts.Token);
        await chat.SendAsync(new JsonObject { ["type"] = "IDENTIFY", ["name"] = name });
        chat.AgentId = (string?)(await chat.ExpectAsync("WELCOME"))["agent_id"];
        return chat;
    }

    public async Task SendAsync(JsonObject frame)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _socket.SendAsync(Encoding.UTF8.GetBytes(frame.ToJsonString()), WebSocketMessageType.Text, true, cts.Token);
    }

    public Task DmAsync(string to, string content) => SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = to, ["content"] = content });

    public async Task<JsonObject> ReceiveAsync(TimeSpan? wait = null)
    {
        using var cts = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(20));
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        while (true)
        {
            var result = await _socket.ReceiveAsync(chunk, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close) throw new Xunit.Sdk.XunitException("the relay closed the AgentChat connection: " + _socket.CloseStatus);
            buffer.Write(chunk, 0, result.Count);
            if (result.EndOfMessage) return JsonNode.Parse(buffer.ToArray())!.AsObject();
        }
    }

    public async Task<JsonObject> ExpectAsync(string type)
    {
        var frame = await ReceiveAsync();
        Assert.True((string?)frame["type"] == type, $"expected {type}, got {frame.ToJsonString()}");
        return frame;
    }

    /// <summary>The next MSG from <paramref name="from"/> (other frames skipped), bounded.</summary>
    public async Task<JsonObject> DmFromAsync(string from)
    {
        for (var i = 0; i < 50; i++)
        {
            var frame = await ReceiveAsync();
            if ((string?)frame["type"] == "MSG" && (string?)frame["from"] == from) return frame;
        }
        throw new Xunit.Sdk.XunitException("no MSG from " + from + " in 50 frames");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (_socket.State == WebSocketState.Open) await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", cts.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Already gone.
        }
        _socket.Dispose();
    }
}
