using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentPlatform.Server.UnitTests.AgentChat;

/// <summary>A raw AgentChat client over a real WebSocket: send JSON, receive frames with a bounded wait.</summary>
internal sealed class ChatClient : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket;

    private ChatClient(ClientWebSocket socket) => _socket = socket;

    public string? AgentId { get; private set; }

    public WebSocket Socket => _socket;

    public static async Task<ChatClient> ConnectAsync(Uri url)
    {
        var socket = new ClientWebSocket();
        using var cts = new CancellationTokenSource(Wait);
        await socket.ConnectAsync(url, cts.Token);
        return new ChatClient(socket);
    }

    public Task SendAsync(JsonObject message) => SendRawAsync(message.ToJsonString());

    public async Task SendRawAsync(string text)
    {
        using var cts = new CancellationTokenSource(Wait);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cts.Token);
    }

    public async Task SendBytesAsync(byte[] bytes, WebSocketMessageType type = WebSocketMessageType.Text)
    {
        using var cts = new CancellationTokenSource(Wait);
        await _socket.SendAsync(bytes, type, true, cts.Token);
    }

    /// <summary>The next frame (as a JSON object), or null when the server closed the connection.</summary>
    public async Task<JsonObject?> ReceiveAsync(TimeSpan? wait = null)
    {
        using var cts = new CancellationTokenSource(wait ?? Wait);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        while (true)
        {
            var result = await _socket.ReceiveAsync(chunk, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                try
                {
                    if (_socket.State == WebSocketState.CloseReceived) await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                }
                catch (WebSocketException)
                {
                    // The server may drop the socket right after its close frame (a protocol error such as bad UTF-8).
                }
                return null;
            }
            buffer.Write(chunk, 0, result.Count);
            if (result.EndOfMessage) return JsonNode.Parse(buffer.ToArray())!.AsObject();
        }
    }

    /// <summary>The next frame, which must be of <paramref name="type"/>.</summary>
    public async Task<JsonObject> ExpectAsync(string type)
    {
        var frame = await ReceiveAsync() ?? throw new Xunit.Sdk.XunitException($"expected {type}, the connection closed ({_socket.CloseStatus})");
        Assert.True((string?)frame["type"] == type, $"expected {type}, got {frame.ToJsonString()}");
        Assert.True(frame["ts"] is JsonValue ts && ts.GetValueKind() == JsonValueKind.Number, "every server frame has a numeric ts: " + frame.ToJsonString());
        return frame;
    }

    /// <summary>The next frame must be ERROR <paramref name="code"/>.</summary>
    public async Task<JsonObject> ExpectErrorAsync(string code)
    {
        var frame = await ExpectAsync("ERROR");
        Assert.Equal(code, (string?)frame["code"]);
        Assert.False(string.IsNullOrEmpty((string?)frame["message"]));
        return frame;
    }

    /// <summary>Frames until one of <paramref name="type"/> (the skipped ones are returned too), bounded.</summary>
    public async Task<(JsonObject Frame, List<JsonObject> Skipped)> UntilAsync(string type, int max = 200)
    {
        var skipped = new List<JsonObject>();
        for (var i = 0; i < max; i++)
        {
            var frame = await ReceiveAsync() ?? throw new Xunit.Sdk.XunitException($"waiting for {type}, the connection closed");
            if ((string?)frame["type"] == type) return (frame, skipped);
            skipped.Add(frame);
        }
        throw new Xunit.Sdk.XunitException($"no {type} in {max} frames");
    }

    /// <summary>Nothing arrives within <paramref name="wait"/>.</summary>
    public async Task ExpectSilenceAsync(TimeSpan? wait = null)
    {
        try
        {
            var frame = await ReceiveAsync(wait ?? TimeSpan.FromMilliseconds(300));
            Assert.Fail("expected nothing, got " + (frame?.ToJsonString() ?? "a close"));
        }
        catch (OperationCanceledException)
        {
            // Silence, as expected. The socket is aborted by the cancelled receive, so this is a test's last check.
        }
    }

    /// <summary>Reads until the server's close; returns its close code.</summary>
    public async Task<int?> ExpectCloseAsync(int maxFrames = 1000)
    {
        for (var i = 0; i < maxFrames; i++)
        {
            var frame = await ReceiveAsync();
            if (frame is null) return (int?)_socket.CloseStatus;
        }
        throw new Xunit.Sdk.XunitException($"no close after {maxFrames} frames");
    }

    public async Task IdentifyAsync(string name, TestKey? key = null)
    {
        var identify = new JsonObject { ["type"] = "IDENTIFY", ["name"] = name };
        if (key is not null) identify["pubkey"] = key.Pem;
        await SendAsync(identify);
        var welcome = await ExpectAsync("WELCOME");
        AgentId = (string)welcome["agent_id"]!;
    }

    public async Task<JsonObject> JoinAsync(string channel)
    {
        await SendAsync(new JsonObject { ["type"] = "JOIN", ["channel"] = channel });
        return await ExpectAsync("JOINED");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", cts.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Already gone.
        }
        _socket.Dispose();
    }
}
