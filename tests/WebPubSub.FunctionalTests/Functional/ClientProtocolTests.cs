using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using AgentPlatform.Functions.WebPubSub.Client;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.Auth;
using AgentPlatform.TestSupport;

namespace AgentPlatform.WebPubSub.FunctionalTests.Functional;

/// <summary>The Relay's client endpoint with exact frames: handshake, acks, errors, recovery, buffer limits.</summary>
public class ClientProtocolTests
{
    private const string Reliable = WebPubSubSubprotocols.JsonReliable;
    private static readonly string[] Both = ["webpubsub.joinLeaveGroup", "webpubsub.sendToGroup"];

    private static WebPubSubServiceClient Rest(WpsTestHost stack) =>
        new(new HttpClient(), WebPubSubConnectionString.Parse(stack.ConnectionString));

    [Fact]
    public async Task Handshake_refuses_missing_expired_and_foreign_tokens_with_401()
    {
        await using var stack = await WpsTestHost.StartAsync();
        using var http = new HttpClient();
        foreach (var uri in new[]
        {
            new Uri($"ws://127.0.0.1:{stack.RelayPort}/client/hubs/chat"),
            stack.ClientUri("chat", "u", key: "another key"),
            new Uri(stack.ClientUri("other", "u").ToString().Replace("/hubs/other", "/hubs/chat", StringComparison.Ordinal)),
        })
        {
            var socket = new ClientWebSocket();
            socket.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None));
            Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
        }
    }

    [Fact]
    public async Task Reliable_client_gets_connected_with_a_reconnection_token_then_pong()
    {
        await using var stack = await WpsTestHost.StartAsync();
        await using var ws = await WpsSocket.ConnectAsync(stack.ClientUri("chat", "u1"), Reliable);
        Assert.Equal(Reliable, ws.Socket.SubProtocol);
        var connected = await ws.ReceiveJsonAsync();
        Assert.Equal("system", connected.GetProperty("type").GetString());
        Assert.Equal("connected", connected.GetProperty("event").GetString());
        Assert.Equal("u1", connected.GetProperty("userId").GetString());
        Assert.False(string.IsNullOrEmpty(connected.GetProperty("reconnectionToken").GetString()));
        await ws.SendAsync("""{"type":"ping"}""");
        Assert.Equal("""{"type":"pong"}""", await ws.ReceiveTextAsync());
    }

    [Fact]
    public async Task Malformed_frames_get_a_BadRequest_ack_or_a_disconnect_and_the_server_stays_up()
    {
        await using var stack = await WpsTestHost.StartAsync();
        await using (var ws = await WpsSocket.ConnectAsync(stack.ClientUri("chat", "u1", Both), WebPubSubSubprotocols.Json))
        {
            await ws.ReceiveJsonAsync();
            await ws.SendAsync("""{"type":"sendToGroup","group":"g","ackId":5,"dataType":"text","data":1}""");
            var ack = await ws.ReceiveJsonAsync();
            Assert.Equal(5, ack.GetProperty("ackId").GetInt32());
            Assert.False(ack.GetProperty("success").GetBoolean());
            Assert.Equal("BadRequest", ack.GetProperty("error").GetProperty("name").GetString());
            await ws.SendAsync("not json at all");
            var disconnected = await ws.ReceiveJsonAsync();
            Assert.Equal("disconnected", disconnected.GetProperty("event").GetString());
            Assert.Null(await ws.ReceiveTextAsync());
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, ws.Socket.CloseStatus);
        }
        await using var again = await WpsSocket.ConnectAsync(stack.ClientUri("chat", "u2"), WebPubSubSubprotocols.Json);
        Assert.Equal("connected", (await again.ReceiveJsonAsync()).GetProperty("event").GetString());
    }

    [Fact]
    public async Task Join_publish_ack_duplicate_and_forbidden_with_exact_frames()
    {
        await using var stack = await WpsTestHost.StartAsync();
        await using var a = await WpsSocket.ConnectAsync(stack.ClientUri("chat", "a", Both), WebPubSubSubprotocols.Json);
        await using var c = await WpsSocket.ConnectAsync(stack.ClientUri("chat", "c"), WebPubSubSubprotocols.Json);
        await a.ReceiveJsonAsync();
        await c.ReceiveJsonAsync();
        await a.SendAsync("""{"type":"joinGroup","group":"g","ackId":1}""");
        Assert.Equal("""{"type":"ack","ackId":1,"success":true}""", await a.ReceiveTextAsync());
        await a.SendAsync("""{"type":"sendToGroup","group":"g","ackId":2,"dataType":"json","data":{"k":[1,"é"]}}""");
        var frames = new[] { await a.ReceiveTextAsync(), await a.ReceiveTextAsync() };
        Assert.Contains("""{"type":"message","from":"group","group":"g","fromUserId":"a","dataType":"json","data":{"k":[1,"é"]}}""", frames);
        Assert.Contains("""{"type":"ack","ackId":2,"success":true}""", frames);
        await a.SendAsync("""{"type":"joinGroup","group":"g","ackId":2}""");
        Assert.Equal("""{"type":"ack","ackId":2,"success":false,"error":{"name":"Duplicate","message":"the ackId was already used"}}""", await a.ReceiveTextAsync());
        await c.SendAsync("""{"type":"joinGroup","group":"g","ackId":1}""");
        var forbidden = await c.ReceiveJsonAsync();
        Assert.Equal("Forbidden", forbidden.GetProperty("error").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Recovery_replays_every_unacked_message_in_order_and_keeps_groups()
    {
        await using var stack = await WpsTestHost.StartAsync();
        var rest = Rest(stack);
        var first = await WpsSocket.ConnectAsync(stack.ClientUri("chat", "r", Both), Reliable);
        var connected = await first.ReceiveJsonAsync();
        var id = connected.GetProperty("connectionId").GetString()!;
        var token = connected.GetProperty("reconnectionToken").GetString()!;
        await first.SendAsync("""{"type":"joinGroup","group":"g","ackId":1}""");
        await first.ReceiveJsonAsync();
        for (var i = 1; i <= 3; i++) await rest.SendToGroupAsync("chat", "g", WebPubSubPayload.FromText("m" + i));
        for (var i = 1; i <= 3; i++) Assert.Equal(i, (await first.ReceiveJsonAsync()).GetProperty("sequenceId").GetInt32());
        await first.SendAsync("""{"type":"sequenceAck","sequenceId":1}""");
        await Task.Delay(100);
        first.Socket.Abort();
        for (var i = 4; i <= 5; i++) await rest.SendToGroupAsync("chat", "g", WebPubSubPayload.FromText("m" + i));

        await using var second = await WpsSocket.ConnectAsync(
            new Uri($"ws://127.0.0.1:{stack.RelayPort}/client/hubs/chat?awps_connection_id={id}&awps_reconnection_token={Uri.EscapeDataString(token)}"), Reliable);
        for (var i = 2; i <= 5; i++)
        {
            var m = await second.ReceiveJsonAsync();
            Assert.Equal(i, m.GetProperty("sequenceId").GetInt32());
            Assert.Equal("m" + i, m.GetProperty("data").GetString());
        }
        Assert.True(await rest.GroupExistsAsync("chat", "g"));
        await rest.SendToGroupAsync("chat", "g", WebPubSubPayload.FromText("after"));
        var after = await second.ReceiveJsonAsync();
        Assert.Equal(6, after.GetProperty("sequenceId").GetInt32());
    }

    [Fact]
    public async Task Recovery_with_a_wrong_token_is_closed_with_1008()
    {
        await using var stack = await WpsTestHost.StartAsync();
        await using var first = await WpsSocket.ConnectAsync(stack.ClientUri("chat", "r"), Reliable);
        var id = (await first.ReceiveJsonAsync()).GetProperty("connectionId").GetString();
        await using var second = await WpsSocket.ConnectAsync(
            new Uri($"ws://127.0.0.1:{stack.RelayPort}/client/hubs/chat?awps_connection_id={id}&awps_reconnection_token=wrong"), Reliable);
        Assert.Equal("disconnected", (await second.ReceiveJsonAsync()).GetProperty("event").GetString());
        Assert.Null(await second.ReceiveTextAsync());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, second.Socket.CloseStatus);
    }

    [Fact]
    public async Task More_than_1000_unacked_messages_close_the_connection_for_good()
    {
        await using var stack = await WpsTestHost.StartAsync();
        var rest = Rest(stack);
        await using var ws = await WpsSocket.ConnectAsync(stack.ClientUri("chat", "slow"), Reliable);
        var connected = await ws.ReceiveJsonAsync();
        var id = connected.GetProperty("connectionId").GetString()!;
        for (var i = 0; i < 1001; i++) await rest.SendToConnectionAsync("chat", id, WebPubSubPayload.FromText("x"));
        await Eventually.TrueAsync(async () => !await rest.ConnectionExistsAsync("chat", id), TimeSpan.FromSeconds(10), "closed after 1000 unacked");
        var last = "";
        var frames = 0;
        while ((last = await ws.ReceiveTextAsync()) is not null) frames++;
        Assert.InRange(frames, 1000, 1001);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, ws.Socket.CloseStatus);
    }

    [Fact]
    public async Task Rest_generate_token_and_health_work_with_a_bearer_token()
    {
        await using var stack = await WpsTestHost.StartAsync();
        using var http = new HttpClient();
        var url = $"{stack.Endpoint}/api/hubs/chat/:generateToken?api-version=2024-12-01&userId=gen&role=webpubsub.joinLeaveGroup";
        using var unauthorized = await http.PostAsync(url, null);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Authorization = new("Bearer", WebPubSubAccessToken.Create(WpsTestHost.Key, url, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString();
        await using var ws = await WpsSocket.ConnectAsync(new Uri($"ws://127.0.0.1:{stack.RelayPort}/client/hubs/chat?access_token={token}"), WebPubSubSubprotocols.Json);
        Assert.Equal("gen", (await ws.ReceiveJsonAsync()).GetProperty("userId").GetString());
        using var health = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, stack.Endpoint + "/api/health"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
