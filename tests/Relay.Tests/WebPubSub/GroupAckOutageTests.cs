using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.WebPubSub.Auth;
using AgentPlatform.Relay.Tests.Acp.Transport;
using AgentPlatform.Relay.Tests.Core.Backplane;
using AgentPlatform.TestSupport;
using StackExchange.Redis;

namespace AgentPlatform.Relay.Tests.WebPubSub;

/// <summary>
/// Issue 17, fault-redis-restarted: a json.webpubsub.azure.v1 sendToGroup is acked success only once the backplane
/// took it; while Redis is down the ack is an error (InternalServerError) and the same ackId, retried once Redis is
/// back, is carried out (not answered Duplicate) and reaches the group member that stayed connected.
/// </summary>
public sealed class GroupAckOutageTests
{
    private const string AccessKey = "outage-tests-access-key-0123456789";

    private sealed class WpsClient(ClientWebSocket socket) : IAsyncDisposable
    {
        private readonly byte[] _buffer = new byte[64 * 1024];

        public static async Task<WpsClient> ConnectAsync(AcpRelay relay, string user)
        {
            var token = WebPubSubAccessToken.Create(AccessKey, "http://127.0.0.1/client/hubs/agents", DateTimeOffset.UtcNow,
                TimeSpan.FromMinutes(5), userId: user, roles: ["webpubsub.joinLeaveGroup", "webpubsub.sendToGroup"]);
            var socket = new ClientWebSocket();
            socket.Options.AddSubProtocol("json.webpubsub.azure.v1");
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await socket.ConnectAsync(new UriBuilder(relay.Url) { Scheme = "ws", Path = "/client/hubs/agents", Query = "access_token=" + Uri.EscapeDataString(token) }.Uri, cts.Token);
            return new WpsClient(socket);
        }

        public Task SendAsync(JsonObject frame) =>
            socket.SendAsync(Encoding.UTF8.GetBytes(frame.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);

        /// <summary>Reads until a message of <paramref name="type"/> (skipping others), at most 50 messages and 10 s.</summary>
        public async Task<JsonNode> NextAsync(string type)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            for (var i = 0; i < 50; i++)
            {
                var result = await socket.ReceiveAsync(_buffer, cts.Token);
                Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
                var message = JsonNode.Parse(Encoding.UTF8.GetString(_buffer, 0, result.Count))!;
                if ((string?)message["type"] == type) return message;
            }
            throw new InvalidOperationException("no " + type + " message");
        }

        public async ValueTask DisposeAsync()
        {
            socket.Abort();
            socket.Dispose();
            await Task.CompletedTask;
        }
    }

    private static JsonObject Send(string data, int ackId) =>
        new() { ["type"] = "sendToGroup", ["group"] = "g", ["dataType"] = "text", ["data"] = data, ["ackId"] = ackId };

    [Fact]
    public async Task A_group_message_refused_by_the_backplane_is_acked_an_error_and_its_retry_is_delivered()
    {
        await using var redis = await SamePortRedis.StartAsync();
        await using var relay = await AcpRelay.StartAsync(new()
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["ConnectionStrings:webpubsub"] = "Endpoint=http://127.0.0.1;AccessKey=" + AccessKey + ";Version=1.0;",
        });
        await using var receiver = await WpsClient.ConnectAsync(relay, "receiver");
        await using var sender = await WpsClient.ConnectAsync(relay, "sender");
        await receiver.SendAsync(new JsonObject { ["type"] = "joinGroup", ["group"] = "g", ["ackId"] = 1 });
        Assert.True((bool)(await receiver.NextAsync("ack"))["success"]!);

        var mux = relay.Get<IConnectionMultiplexer>();
        await redis.KillAsync();
        await Eventually.TrueAsync(() => !mux.IsConnected, TimeSpan.FromSeconds(5), "the relay noticed");
        await sender.SendAsync(Send("during", 7));
        var refused = await sender.NextAsync("ack");
        Assert.Equal(7, (int)refused["ackId"]!);
        Assert.False((bool)refused["success"]!);
        Assert.Equal("InternalServerError", (string?)refused["error"]!["name"]);

        await redis.StartAgainAsync();
        await Eventually.TrueAsync(() => mux.IsConnected, TimeSpan.FromSeconds(10), "the relay reconnected");
        // Retried as a client would, with backoff, until acked; at most 20 tries.
        JsonNode? ack = null;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await sender.SendAsync(Send("during", 7));
            ack = await sender.NextAsync("ack");
            if ((bool)ack["success"]!) break;
            Assert.Equal("InternalServerError", (string?)ack["error"]!["name"]);
            await Task.Delay(250);
        }
        Assert.True((bool)ack!["success"]!, "the retry was carried out once Redis was back");
        var delivered = await receiver.NextAsync("message");
        Assert.Equal("during", (string?)delivered["data"]);
    }
}
