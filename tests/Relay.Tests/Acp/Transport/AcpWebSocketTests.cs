using System.Net.WebSockets;
using System.Text.Json.Nodes;
using AgentPlatform.Relay.Tests.Infrastructure;

namespace AgentPlatform.Relay.Tests.Acp.Transport;

/// <summary>ACP over WebSocket on <c>/acp</c>: handshake, auth, the first-message rule, errors, limits and close codes.</summary>
public sealed class AcpWebSocketTests
{
    [Fact]
    public async Task Initialize_session_and_prompt_stream_in_order_and_the_101_carries_a_connection_id()
    {
        await using var relay = await AcpRelay.StartAsync();
        await using var client = await relay.ConnectAsync();
        Assert.True(Guid.TryParse(client.ConnectionId, out _), "Acp-Connection-Id is a UUID: " + client.ConnectionId);
        var result = await client.InitializeAsync();
        Assert.Equal("test", (string?)result["agentInfo"]!["name"]);
        Assert.False(result.ContainsKey("_meta"));
        var session = await client.NewSessionAsync(1);
        var done = await client.CallAsync(2, "session/prompt", new JsonObject { ["sessionId"] = session, ["prompt"] = new JsonArray(), ["count"] = 3 });
        Assert.Equal("end_turn", (string?)done["result"]!["stopReason"]);
        Assert.Equal(["chunk 1", "chunk 2", "chunk 3"], client.Seen.Select(m => (string?)m["params"]!["update"]!["content"]!["text"]));
        Assert.All(client.Seen, m => Assert.Equal(session, (string?)m["params"]!["sessionId"]));
    }

    [Fact]
    public async Task Two_clients_share_one_agent_each_with_its_own_copy_of_the_initialize_result()
    {
        await using var relay = await AcpRelay.StartAsync();
        await using var a = await relay.ConnectAsync();
        await using var b = await relay.ConnectAsync();
        await a.InitializeAsync();
        await b.InitializeAsync();
        Assert.NotEqual(a.ConnectionId, b.ConnectionId);
        Assert.Equal(2, relay.Default.Attachments.Count);
        var echoed = await b.CallAsync("e", "test/echo", new JsonObject { ["x"] = 1 });
        Assert.Equal(1, (int?)echoed["result"]!["x"]);
    }

    [Theory]
    [InlineData(TokenVia.Header)]
    [InlineData(TokenVia.Subprotocol)]
    [InlineData(TokenVia.Query)]
    public async Task The_token_is_accepted_as_header_subprotocol_or_query(TokenVia via)
    {
        await using var relay = await AcpRelay.StartAsync();
        await using var client = await relay.ConnectAsync(via: via);
        Assert.Equal("test", (string?)(await client.InitializeAsync())["agentInfo"]!["name"]);
    }

    [Theory]
    [InlineData(TokenVia.None)]
    [InlineData(TokenVia.Header)]
    [InlineData(TokenVia.Subprotocol)]
    [InlineData(TokenVia.Query)]
    public async Task A_missing_or_wrong_token_is_401_before_any_message(TokenVia via)
    {
        await using var relay = await AcpRelay.StartAsync();
        Assert.Equal(401, await AcpWsClient.RefusedStatusAsync(relay.WebSocketUrl(), "wrong-token", via));
        Assert.Empty(relay.Default.Attachments);
    }

    [Fact]
    public async Task An_unknown_agent_is_404_before_the_upgrade_and_a_named_agent_is_reached()
    {
        await using var relay = await AcpRelay.StartAsync();
        Assert.Equal(404, await AcpWsClient.RefusedStatusAsync(relay.WebSocketUrl("/acp/missing"), AcpRelay.Token, TokenVia.Header));
        await using var client = await relay.ConnectAsync("/acp/other");
        Assert.Equal("other", (string?)(await client.InitializeAsync())["agentInfo"]!["name"]);
    }

    [Fact]
    public async Task The_first_message_must_be_initialize()
    {
        await using var relay = await AcpRelay.StartAsync();
        await using var client = await relay.ConnectAsync();
        await client.RequestAsync(1, "session/new", new JsonObject());
        var (status, reason) = await client.ClosedAsync();
        Assert.Equal(WebSocketCloseStatus.ProtocolError, status);
        Assert.Equal("First message must be initialize", reason);
    }

    [Fact]
    public async Task An_initialize_without_id_closes_1002()
    {
        await using var relay = await AcpRelay.StartAsync();
        await using var client = await relay.ConnectAsync();
        await client.NotifyAsync("initialize", new JsonObject { ["protocolVersion"] = 1 });
        var (status, reason) = await client.ClosedAsync();
        Assert.Equal(WebSocketCloseStatus.ProtocolError, status);
        Assert.Equal("Initialize request must include an ID", reason);
    }

    [Fact]
    public async Task Parse_errors_and_batches_are_answered_and_the_connection_stays_open_before_and_after_initialize()
    {
        await using var relay = await AcpRelay.StartAsync();
        await using var client = await relay.ConnectAsync();
        await client.SendAsync("{not json");
        Assert.Equal("""{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}""", (await client.ReceiveAsync()).ToJsonString());
        await client.InitializeAsync();
        await client.SendAsync("[1,");
        Assert.Equal(-32700, (int?)(await client.ReceiveAsync())["error"]!["code"]);
        await client.SendAsync("""[{"jsonrpc":"2.0","id":5,"method":"test/echo"}]""");
        Assert.Equal("""{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: JSON-RPC batches are not supported"}}""",
            (await client.ReceiveAsync()).ToJsonString());
        var second = await client.CallAsync(7, "initialize", new JsonObject { ["protocolVersion"] = 1 });
        Assert.Equal(-32600, (int?)second["error"]!["code"]);
        Assert.Equal("Initialize not allowed on existing connection", (string?)second["error"]!["message"]);
        Assert.Equal(WebSocketState.Open, client.Socket.State);
        Assert.Equal(3, (int?)(await client.CallAsync(8, "test/echo", new JsonObject { ["n"] = 3 }))["result"]!["n"]);
    }

    [Fact]
    public async Task Frames_sent_while_initialize_is_pending_are_handled_after_it_in_order()
    {
        await using var relay = await AcpRelay.StartAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        relay.Default.InitializeGate = gate;
        await using var client = await relay.ConnectAsync();
        await client.RequestAsync(0, "initialize", new JsonObject { ["protocolVersion"] = 1 });
        await client.RequestAsync(1, "test/echo", new JsonObject { ["n"] = 1 });
        await client.RequestAsync(2, "test/echo", new JsonObject { ["n"] = 2 });
        // All three frames reached the Relay (read and queued) while the agent has not attached yet.
        var registry = relay.Get<Relay.Acp.Connections.AcpConnectionRegistry>();
        await TestSupport.Eventually.TrueAsync(() => registry.All.SingleOrDefault()?.Relay?.Counters.FramesIn >= 3, TimeSpan.FromSeconds(5), "the frames are queued");
        Assert.Empty(relay.Default.Attachments);
        gate.SetResult();
        Assert.Equal(0, (int?)(await client.ReceiveAsync())["id"]);
        Assert.Equal(1, (int?)(await client.ReceiveAsync())["result"]!["n"]);
        Assert.Equal(2, (int?)(await client.ReceiveAsync())["result"]!["n"]);
        // The agent saw them in the order sent, after its initialize.
        Assert.Equal([1, 2], relay.Default.Attachments.Single().Received.Select(m => (int)m.Params!["n"]!));
    }

    [Fact]
    public async Task An_unavailable_agent_answers_initialize_failed_then_closes_1011()
    {
        await using var relay = await AcpRelay.StartAsync();
        relay.Default.UnavailableReason = "agent process exited with code 3";
        await using var client = await relay.ConnectAsync();
        await client.RequestAsync("init", "initialize", new JsonObject { ["protocolVersion"] = 1 });
        var response = await client.ReceiveAsync();
        Assert.Equal("init", (string?)response["id"]);
        Assert.Equal(-32603, (int?)response["error"]!["code"]);
        Assert.Equal("Initialize failed", (string?)response["error"]!["message"]);
        Assert.Equal("agent process exited with code 3", (string?)response["error"]!["data"]);
        var (status, reason) = await client.ClosedAsync();
        Assert.Equal(WebSocketCloseStatus.InternalServerError, status);
        Assert.Equal("Initialize failed", reason);
    }

    [Fact]
    public async Task A_message_over_the_limit_closes_1009_and_binary_frames_are_ignored()
    {
        await using var relay = await AcpRelay.StartAsync(new() { ["Acp:MaxMessageBytes"] = "2048" });
        await using var client = await relay.ConnectAsync();
        await client.InitializeAsync();
        await client.Socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        Assert.Equal(1, (int?)(await client.CallAsync(1, "test/echo", new JsonObject { ["n"] = 1 }))["result"]!["n"]);
        await client.RequestAsync(2, "test/echo", new JsonObject { ["pad"] = new string('x', 5000) });
        var (status, _) = await client.ClosedAsync();
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, status);
    }

    [Fact]
    public async Task An_agent_that_fails_closes_the_connection_1011_with_its_reason()
    {
        await using var relay = await AcpRelay.StartAsync();
        await using var client = await relay.ConnectAsync();
        await client.InitializeAsync();
        await client.RequestAsync(1, "test/fail");
        var (status, reason) = await client.ClosedAsync();
        Assert.Equal(WebSocketCloseStatus.InternalServerError, status);
        Assert.Equal("agent crashed", reason);
        await relay.Default.Attachments.Single().Disposed.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task An_agent_request_reaches_the_client_and_its_response_reaches_the_agent()
    {
        await using var relay = await AcpRelay.StartAsync();
        await using var client = await relay.ConnectAsync();
        await client.InitializeAsync();
        var session = await client.NewSessionAsync(1);
        var asked = await client.CallAsync(2, "test/ask", new JsonObject { ["sessionId"] = session });
        var request = Assert.Single(client.Seen);
        Assert.Equal("session/request_permission", (string?)request["method"]);
        Assert.Equal((string?)asked["result"]!["asked"], (string?)request["id"]);
        await client.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = request["id"]!.DeepClone(), ["result"] = new JsonObject { ["outcome"] = "ok" } });
        var answered = await client.ReceiveAsync();
        Assert.Equal("test/answered", (string?)answered["method"]);
        Assert.Equal("ok", (string?)answered["params"]!["result"]!["outcome"]);
    }

    [Fact]
    public async Task A_burst_larger_than_the_outbox_arrives_whole_and_in_order()
    {
        await using var relay = await AcpRelay.StartAsync(new() { ["Relay:Core:Outbox:MaxBufferedFrames"] = "64" });
        await using var client = await relay.ConnectAsync();
        await client.InitializeAsync();
        var session = await client.NewSessionAsync(1);
        var done = await client.CallAsync(2, "session/prompt", new JsonObject { ["sessionId"] = session, ["count"] = 3000 });
        Assert.Equal("end_turn", (string?)done["result"]!["stopReason"]);
        Assert.Equal(Enumerable.Range(1, 3000).Select(i => "chunk " + i), client.Seen.Select(m => (string?)m["params"]!["update"]!["content"]!["text"]));
    }

    [Fact]
    public async Task Stopping_the_relay_closes_1001()
    {
        var relay = await AcpRelay.StartAsync();
        await using var client = await relay.ConnectAsync();
        await client.InitializeAsync();
        var closed = client.ClosedAsync();
        await relay.DisposeAsync();
        var (status, _) = await closed;
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
    }
}
