using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentPlatform.Client.Acp;
using AgentPlatform.Client.Agenkit;
using AgentPlatform.Client.AgentChat;
using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.Auth;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>
/// One well-behaved client per dialect, each invoking the platform's <c>echo</c> agent in a loop while the fuzzers
/// run: a turn is a success only when the echo comes back whole. Each returns a function doing one turn on a
/// connection opened once (the connection surviving the fuzzing next to it is part of the check).
/// </summary>
public static class WellBehavedClients
{
    public const string Agent = "echo";

    public static async Task<(Func<int, CancellationToken, Task> Turn, IAsyncDisposable Connection)> AspV1Async(PlatformEndpoints endpoints, CancellationToken ct)
    {
        var client = await AgentSocketClient.ConnectAsync(endpoints.AgentSocketUrl!, new AgentSocketClientOptions { Token = endpoints.AgentSocketToken }, ct).ConfigureAwait(false);
        return (async (i, token) =>
        {
            var text = "asp-" + i;
            var events = await client.InvokeAllAsync(Agent, MsgPackValue.Map(("text", text)), token).ConfigureAwait(false);
            if (!events.OfType<ChunkEvent>().Any(c => c.Data["text"].AsString() == text) || events[^1] is not CompleteEvent)
            {
                throw new InvalidDataException("asp-v1 echo came back as " + string.Join(", ", events.Select(e => e.GetType().Name)));
            }
        }, client);
    }

    public static async Task<(Func<int, CancellationToken, Task> Turn, IAsyncDisposable Connection)> AcpAsync(PlatformEndpoints endpoints, CancellationToken ct)
    {
        var url = new Uri(endpoints.Raw["acp"]!["url"]!.GetValue<string>().TrimEnd('/') + "/" + Agent);
        var client = await AcpClient.ConnectAsync(url, endpoints.Raw["acp"]!["token"]!.GetValue<string>(), null, ct).ConfigureAwait(false);
        await client.InitializeAsync(ct).ConfigureAwait(false);
        var session = await client.NewSessionAsync("/", null, ct).ConfigureAwait(false);
        return (async (i, token) =>
        {
            var result = await client.PromptAsync(session, "acp-" + i, null, token).ConfigureAwait(false);
            if (result.StopReason != "end_turn") throw new InvalidDataException("ACP prompt ended " + result.StopReason);
        }, client);
    }

    public static async Task<(Func<int, CancellationToken, Task> Turn, IAsyncDisposable Connection)> AgentChatAsync(PlatformEndpoints endpoints, CancellationToken ct)
    {
        var url = new Uri(endpoints.Raw["agentchat"]!["url"]!.GetValue<string>() + "?access_token=" + Uri.EscapeDataString(endpoints.AgentSocketToken));
        var client = await AgentChatClient.ConnectAsync(url, new AgentChatClientOptions { Name = "fuzz-well-behaved" }, ct).ConfigureAwait(false);
        return (async (i, token) =>
        {
            var text = "chat-" + i;
            var answer = await client.RequestAsync(client.BuildMessage("@" + Agent, text),
                f => f["type"]?.GetValue<string>() == "MSG" && f["from"]?.GetValue<string>() == "@" + Agent, token).ConfigureAwait(false);
            if (answer["content"]?.ToJsonString().Contains(text, StringComparison.Ordinal) != true)
            {
                throw new InvalidDataException("AgentChat echo content differs");
            }
            // The DM spends the MSG token bucket (1/s after a burst of 10): stay under it.
            await Task.Delay(1100, token).ConfigureAwait(false);
        }, client);
    }

    public static Task<(Func<int, CancellationToken, Task> Turn, IAsyncDisposable Connection)> AgenkitAsync(string endpoint)
    {
        var agent = new RemoteAgent(Agent, endpoint);
        return Task.FromResult<(Func<int, CancellationToken, Task>, IAsyncDisposable)>((async (i, token) =>
        {
            var text = "agenkit-" + i;
            var reply = await agent.ProcessAsync(text, token).ConfigureAwait(false);
            if (!reply.ContentText.Contains(text, StringComparison.Ordinal)) throw new InvalidDataException("agenkit echo content differs");
        }, agent));
    }

    public static async Task<(Func<int, CancellationToken, Task> Turn, IAsyncDisposable Connection)> WebPubSubAsync(PlatformEndpoints endpoints, CancellationToken ct)
    {
        var socket = await ConnectWebPubSubAsync(endpoints, "well-behaved", ct).ConfigureAwait(false);
        var buffer = new byte[256 * 1024];
        return (async (i, token) =>
        {
            var text = "wps-" + i;
            var frame = new JsonObject
            {
                ["type"] = "event", ["event"] = "invoke", ["ackId"] = i + 1, ["dataType"] = "json",
                ["data"] = new JsonObject { ["agent"] = Agent, ["id"] = "w" + i, ["input"] = new JsonObject { ["text"] = text } },
            }.ToJsonString();
            await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, token).ConfigureAwait(false);
            var echoed = false;
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), token).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close) throw new InvalidDataException("the Web PubSub connection closed: " + socket.CloseStatus);
                    length += result.Count;
                }
                while (!result.EndOfMessage);
                var message = JsonNode.Parse(buffer.AsSpan(0, length))!.AsObject();
                if (message["type"]?.GetValue<string>() == "message" && message["data"]?["type"]?.GetValue<string>() == "chunk")
                {
                    echoed |= message["data"]!["data"]?["text"]?.GetValue<string>() == text;
                }
                if (message["type"]?.GetValue<string>() == "ack" && message["ackId"]?.GetValue<long>() == i + 1)
                {
                    if (message["success"]?.GetValue<bool>() != true || !echoed) throw new InvalidDataException("Web PubSub invoke: " + message.ToJsonString());
                    return;
                }
            }
        }, new SocketDisposer(socket));
    }

    /// <summary>A Web PubSub client connection to hub <c>agents</c>, after its <c>connected</c> message.</summary>
    public static async Task<ClientWebSocket> ConnectWebPubSubAsync(PlatformEndpoints endpoints, string user, CancellationToken ct)
    {
        var relay = endpoints.WebPubSubEndpoint!.ToString().TrimEnd('/');
        var token = WebPubSubAccessToken.Create(endpoints.WebPubSubAccessKey, relay + "/client/hubs/agents", DateTimeOffset.UtcNow, TimeSpan.FromHours(1), user);
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(WebPubSubSubprotocols.Json);
        try
        {
            await socket.ConnectAsync(new UriBuilder(endpoints.WebPubSubEndpoint) { Scheme = "ws", Path = "/client/hubs/agents", Query = "access_token=" + token }.Uri, ct).ConfigureAwait(false);
            var buffer = new byte[16 * 1024];
            var first = await socket.ReceiveAsync(buffer, ct).ConfigureAwait(false);
            using var connected = JsonDocument.Parse(buffer.AsMemory(0, first.Count));
            if (connected.RootElement.GetProperty("event").GetString() != "connected") throw new InvalidDataException("no connected message");
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private sealed class SocketDisposer(ClientWebSocket socket) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            socket.Abort();
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
