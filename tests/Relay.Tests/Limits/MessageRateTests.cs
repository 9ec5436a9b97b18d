using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Protocol.WebPubSub.Auth;
using AgentPlatform.Relay.Tests.Agenkit;
using AgentPlatform.Relay.WebPubSub.Connections;

namespace AgentPlatform.Relay.Tests.Limits;

/// <summary>
/// The per-connection message rate after the upgrade (Relay:Limits:FramesPerSecond / FrameBurst /
/// MaxRateLimitViolations) on the dialects Relay/Limits meters: each excess message gets the dialect's own error,
/// repeated excess closes the connection.
/// </summary>
public sealed class MessageRateTests
{
    private static readonly Dictionary<string, string?> Tight = new()
    {
        ["Relay:Limits:FramesPerSecond"] = "0.2", ["Relay:Limits:FrameBurst"] = "2", ["Relay:Limits:MaxRateLimitViolations"] = "2",
        ["ConnectionStrings:webpubsub"] = "Endpoint=http://127.0.0.1;AccessKey=" + HalfOpenTests.AccessKey + ";Version=1.0;",
    };

    [Fact]
    public async Task Acp_websocket_answers_an_excess_request_with_a_JSON_RPC_error_and_closes_1008_after_repeated_excess()
    {
        await using var relay = await LimitsRelay.StartAsync(Tight);
        await using var client = await relay.ConnectAsync();
        await client.InitializeAsync();
        for (var id = 10; id < 14; id++) await client.RequestAsync(id, "session/new", new JsonObject { ["cwd"] = "/", ["mcpServers"] = new JsonArray() });
        var refused = await client.ResponseAsync(12);
        Assert.Equal(-32000, (int?)refused["error"]!["code"]);
        Assert.Equal("rate_limited", (string?)refused["error"]!["data"]!["reason"]);
        var (status, reason) = await client.ClosedAsync();
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Equal("Rate limit exceeded", reason);
    }

    [Fact]
    public async Task Agenkit_answers_an_excess_request_with_an_error_envelope_and_closes_after_repeated_excess()
    {
        await using var relay = await LimitsRelay.StartAsync(Tight);
        await using var client = await AgenkitTestClient.ConnectAsync(relay.Agenkit());
        for (var i = 0; i < 5; i++) await client.SendRequestAsync("r" + i, "process", "no-such-agent", "hi");
        var frames = new List<AgenkitEnvelope>();
        for (var i = 0; i < 20 && await client.ReceiveAsync() is { } frame; i++) frames.Add(frame);
        var limited = frames.Where(f => f.Type == AgenkitMessageType.Error && AgenkitError.FromPayload(f.Payload).Reason == "rate_limited").Select(f => f.Id).ToList();
        Assert.Equal(["r2", "r3", "r4"], limited);
        Assert.Equal(AgenkitErrorCodes.AgentUnavailable, AgenkitError.FromPayload(frames.First(f => f.Id == "r2").Payload).Code);
        Assert.True(await client.ClosedAsync());
    }

    [Fact]
    public async Task Web_PubSub_acks_an_excess_message_TooManyRequests_and_closes_1008_after_repeated_excess()
    {
        await using var relay = await LimitsRelay.StartAsync(Tight);
        var token = WebPubSubAccessToken.Create(HalfOpenTests.AccessKey, "http://127.0.0.1/client/hubs/agents", DateTimeOffset.UtcNow,
            TimeSpan.FromMinutes(5), userId: "u1", roles: ["webpubsub.joinLeaveGroup"]);
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("json.webpubsub.azure.v1");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await socket.ConnectAsync(new UriBuilder(relay.Url) { Scheme = "ws", Path = "/client/hubs/agents", Query = "access_token=" + Uri.EscapeDataString(token) }.Uri, cts.Token);
        for (var ack = 1; ack <= 5; ack++)
        {
            var frame = new JsonObject { ["type"] = "joinGroup", ["group"] = "g" + ack, ["ackId"] = ack }.ToJsonString();
            await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, cts.Token);
        }
        var acks = new Dictionary<int, JsonNode>();
        var buffer = new byte[64 * 1024];
        for (var i = 0; i < 50; i++)
        {
            var result = await socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close) break;
            var message = JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, result.Count))!;
            if ((string?)message["type"] == "ack") acks[(int)message["ackId"]!] = message;
        }
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        // The connected message used no token; two joins pass the burst, the next two are acked as refused, the fifth closes.
        Assert.True((bool)acks[1]["success"]!);
        Assert.True((bool)acks[2]["success"]!);
        Assert.False((bool)acks[3]["success"]!);
        Assert.Equal(WebPubSubSession.RateLimitedAckError, (string?)acks[3]["error"]!["name"]);
        Assert.False(acks.ContainsKey(5));
    }
}
