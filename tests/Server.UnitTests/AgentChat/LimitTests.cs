using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace AgentPlatform.Server.UnitTests.AgentChat;

/// <summary>Malformed frames (answered, the connection kept) and the limits that close a connection.</summary>
public sealed class LimitTests
{
    public static TheoryData<string> Malformed() =>
    [
        "not json",
        "{\"type\":\"JOIN\",\"channel\":\"#general\"",
        "[]",
        "null",
        "42",
        "{}",
        "{\"type\":\"DANCE\"}",
        "{\"type\":7}",
        "{\"type\":\"IDENTIFY\",\"name\":\"\"}",
        "{\"type\":\"IDENTIFY\",\"name\":\"has space\"}",
        "{\"type\":\"IDENTIFY\",\"name\":\"" + new string('a', 33) + "\"}",
        "{\"type\":\"IDENTIFY\",\"name\":\"ok\",\"pubkey\":\"abc\"}",
        "{\"type\":\"JOIN\",\"channel\":\"general\"}",
        "{\"type\":\"JOIN\",\"channel\":\"#\"}",
        "{\"type\":\"JOIN\",\"channel\":\"#" + new string('c', 32) + "\"}",
        "{\"type\":\"MSG\",\"to\":\"#general\"}",
        "{\"type\":\"MSG\",\"to\":\"general\",\"content\":\"x\"}",
        "{\"type\":\"MSG\",\"to\":\"#general\",\"content\":5}",
        "{\"type\":\"MSG\",\"to\":\"#general\",\"content\":\"" + new string('x', 4097) + "\"}",
        "{\"type\":\"MSG\",\"to\":\"#general\",\"content\":\"x\",\"sig\":5}",
        "{\"type\":\"INVITE\",\"channel\":\"#general\",\"agent\":\"bob\"}",
        "{\"type\":\"ACCEPT\",\"sig\":\"x\"}",
        "{\"type\":\"DISPUTE\",\"proposal_id\":\"p\",\"sig\":\"x\"}",
        "{\"type\":\"VERIFY_IDENTITY\",\"challenge_id\":\"c\"}",
    ];

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Malformed_frames_get_INVALID_MSG_and_the_connection_stays_open(string frame)
    {
        await using var server = await ChatServer.StartAsync();
        await using var a = await server.IdentifiedAsync("alice");
        await a.SendRawAsync(frame);
        await a.ExpectErrorAsync("INVALID_MSG");
        await a.SendAsync(new JsonObject { ["type"] = "PING" });
        await a.ExpectAsync("PONG");
    }

    [Fact]
    public async Task Content_of_exactly_4096_characters_is_accepted()
    {
        await using var server = await ChatServer.StartAsync();
        await using var a = await server.IdentifiedAsync("alice");
        var content = new string('é', 4096);
        await a.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = a.AgentId, ["content"] = content });
        Assert.Equal(content, (string?)(await a.ExpectAsync("MSG"))["content"]);
    }

    [Fact]
    public async Task A_frame_over_the_limit_closes_with_1009()
    {
        await using var server = await ChatServer.StartAsync(new() { ["AgentChat:MaxFrameBytes"] = "65536" });
        await using var a = await server.IdentifiedAsync("alice");
        await a.SendBytesAsync(Encoding.UTF8.GetBytes("{\"type\":\"PING\",\"pad\":\"" + new string('x', 70_000) + "\"}"));
        Assert.Equal((int)WebSocketCloseStatus.MessageTooBig, await a.ExpectCloseAsync());
    }

    [Fact]
    public async Task Before_IDENTIFY_frames_are_small_and_few()
    {
        await using var server = await ChatServer.StartAsync(new() { ["AgentChat:PreAuthMaxFrameBytes"] = "4096", ["AgentChat:PreAuthMaxFrames"] = "5" });
        await using (var big = await server.ConnectAsync())
        {
            await big.SendBytesAsync(Encoding.UTF8.GetBytes("{\"type\":\"PING\",\"pad\":\"" + new string('x', 5000) + "\"}"));
            Assert.Equal((int)WebSocketCloseStatus.MessageTooBig, await big.ExpectCloseAsync());
        }
        await using var chatty = await server.ConnectAsync();
        for (var i = 0; i < 6; i++) await chatty.SendAsync(new JsonObject { ["type"] = "PING" });
        for (var i = 0; i < 5; i++) await chatty.ExpectAsync("PONG");
        Assert.Equal((int)WebSocketCloseStatus.PolicyViolation, await chatty.ExpectCloseAsync());
        // Identified connections are not counted.
        await using var a = await server.IdentifiedAsync("alice");
        for (var i = 0; i < 8; i++) await a.SendAsync(new JsonObject { ["type"] = "PING" });
        for (var i = 0; i < 8; i++) await a.ExpectAsync("PONG");
    }

    [Fact]
    public async Task Invalid_UTF8_in_a_text_frame_closes_with_1007_and_in_a_binary_frame_is_INVALID_MSG()
    {
        await using var server = await ChatServer.StartAsync();
        await using var binary = await server.IdentifiedAsync("alice");
        await binary.SendBytesAsync([0x7b, 0xff, 0xfe, 0x7d], WebSocketMessageType.Binary);
        await binary.ExpectErrorAsync("INVALID_MSG");
        await using var text = await server.IdentifiedAsync("bob");
        await text.SendBytesAsync([0x7b, 0xff, 0xfe, 0x7d]);
        Assert.Equal((int)WebSocketCloseStatus.InvalidPayloadData, await text.ExpectCloseAsync());
    }

    [Fact]
    public async Task Every_frame_of_an_identified_connection_counts_against_the_frame_budget()
    {
        await using var server = await ChatServer.StartAsync(new() { ["AgentChat:RateLimit:MaxFrames"] = "20", ["AgentChat:RateLimit:FrameWindow"] = "00:01:00" });
        Assert.Equal(20, server.Engine.Options.RateLimit.MaxFrames);
        await using var a = await server.IdentifiedAsync("flooder");
        // JOIN/LEAVE are not MSGs (no token bucket), but they count: 20 pass, the 21st closes with 1008.
        for (var i = 0; i < 10; i++)
        {
            await a.SendAsync(new JsonObject { ["type"] = "JOIN", ["channel"] = "#general" });
            await a.SendAsync(new JsonObject { ["type"] = "LEAVE", ["channel"] = "#general" });
        }
        await a.SendAsync(new JsonObject { ["type"] = "PING" });
        Assert.Equal((int)WebSocketCloseStatus.PolicyViolation, await a.ExpectCloseAsync());
    }

    [Fact]
    public async Task Beyond_MaxConnections_a_socket_is_closed_with_1013()
    {
        await using var server = await ChatServer.StartAsync(new() { ["AgentChat:MaxConnections"] = "2" });
        await using var a = await server.IdentifiedAsync("a");
        await using var b = await server.IdentifiedAsync("b");
        await using var c = await server.ConnectAsync();
        Assert.Equal(1013, await c.ExpectCloseAsync());
        Assert.Contains("server full", c.Socket.CloseStatusDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reader_too_many_bytes_behind_is_closed_with_1008()
    {
        await using var server = await ChatServer.StartAsync(new()
        {
            ["AgentChat:MaxQueuedBytes"] = "2097152", ["AgentChat:RateLimit:Enabled"] = "false",
        });
        await using var slow = await server.IdentifiedAsync("slow");
        var content = new string('é', 4096);
        // 8 KB frames, never read: 2 MiB of queue is 256 frames, well under the frame-count bound (4096).
        for (var i = 0; i < 3000 && slow.Socket.State == WebSocketState.Open; i++)
        {
            try
            {
                await slow.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = slow.AgentId, ["content"] = content });
            }
            catch (WebSocketException)
            {
                break;
            }
        }
        Assert.Equal((int)WebSocketCloseStatus.PolicyViolation, await slow.ExpectCloseAsync(5000));
    }

    [Fact]
    public async Task By_default_a_quiet_connection_is_never_closed_for_idleness()
    {
        await using var server = await ChatServer.StartAsync();
        Assert.Null(server.Engine.Options.IdleTimeout);
        await using var a = await server.IdentifiedAsync("quiet");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        await a.SendAsync(new JsonObject { ["type"] = "PING" });
        await a.ExpectAsync("PONG");
    }

    [Fact]
    public async Task An_idle_connection_is_closed_with_1001()
    {
        await using var server = await ChatServer.StartAsync(new() { ["AgentChat:IdleTimeout"] = "00:00:00.600" });
        await using var a = await server.IdentifiedAsync("alice");
        var started = DateTime.UtcNow;
        Assert.Equal((int)WebSocketCloseStatus.EndpointUnavailable, await a.ExpectCloseAsync());
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_client_that_does_not_read_is_closed_with_1008_once_its_queue_is_full()
    {
        await using var server = await ChatServer.StartAsync(new() { ["AgentChat:MaxQueuedFrames"] = "16", ["AgentChat:RateLimit:Enabled"] = "false" });
        await using var slow = await server.IdentifiedAsync("slow");
        var content = new string('é', 4096);
        // Each DM to itself queues one 8 KB frame; 16 MB outruns the socket buffers, then the queue.
        for (var i = 0; i < 2000 && slow.Socket.State == WebSocketState.Open; i++)
        {
            try
            {
                await slow.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = slow.AgentId, ["content"] = content });
            }
            catch (WebSocketException)
            {
                break;
            }
        }
        Assert.Equal((int)WebSocketCloseStatus.PolicyViolation, await slow.ExpectCloseAsync(maxFrames: 3000));
        await using var other = await server.IdentifiedAsync("other");
    }

    [Fact]
    public async Task The_channel_count_is_capped()
    {
        await using var server = await ChatServer.StartAsync(new() { ["AgentChat:MaxChannels"] = "3" });
        await using var a = await server.IdentifiedAsync("alice");
        await a.SendAsync(new JsonObject { ["type"] = "CREATE_CHANNEL", ["channel"] = "#third" });
        await a.ExpectAsync("JOINED");
        await a.SendAsync(new JsonObject { ["type"] = "CREATE_CHANNEL", ["channel"] = "#fourth" });
        await a.ExpectErrorAsync("INVALID_MSG");
    }

    [Fact]
    public async Task Shutdown_closes_connections_with_1001()
    {
        var server = await ChatServer.StartAsync();
        await using var a = await server.IdentifiedAsync("alice");
        var closing = a.ExpectCloseAsync();
        await server.DisposeAsync();
        Assert.Equal((int)WebSocketCloseStatus.EndpointUnavailable, await closing);
    }

    [Fact]
    public async Task Bad_options_fail_at_start()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => ChatServer.StartAsync(new() { ["AgentChat:RateLimit:Burst"] = "0" }));
        Assert.Contains("AgentChat:RateLimit:Burst", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thousands_of_random_frames_leave_the_server_serving_others()
    {
        await using var server = await ChatServer.StartAsync(new() { ["AgentChat:RateLimit:Enabled"] = "false" });
        await using var bystander = await server.IdentifiedAsync("bystander");
        await bystander.JoinAsync("#general");
        await using var fuzzer = await server.IdentifiedAsync("fuzzer");
        await fuzzer.JoinAsync("#general");
        await bystander.ExpectAsync("AGENT_JOINED");
        var random = new Random(15);
        var seeds = Malformed().Select(r => r.Data).Concat(
        [
            "{\"type\":\"MSG\",\"to\":\"#general\",\"content\":\"hi\"}",
            "{\"type\":\"LIST_AGENTS\",\"channel\":\"#general\"}",
            "{\"type\":\"CREATE_CHANNEL\",\"channel\":\"#f\",\"invite_only\":true}",
            "{\"type\":\"PROPOSAL\",\"to\":\"@x\",\"task\":\"t\",\"sig\":\"s\",\"amount\":\"1\"}",
        ]).ToArray();
        for (var i = 0; i < 2000; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(seeds[random.Next(seeds.Length)]);
            var mutations = random.Next(1, 4);
            for (var m = 0; m < mutations && bytes.Length > 0; m++)
            {
                switch (random.Next(3))
                {
                    case 0: bytes[random.Next(bytes.Length)] = (byte)random.Next(256); break;
                    case 1: bytes = bytes[..random.Next(bytes.Length)]; break;
                    default: bytes = [.. bytes, .. bytes[..Math.Min(bytes.Length, 16)]]; break;
                }
            }
            // Binary frames: the engine reads them as UTF-8 text like text frames, but the WebSocket layer does not
            // pre-validate their UTF-8 (a text frame with invalid UTF-8 fails the socket, below), so the parser sees it all.
            await fuzzer.SendBytesAsync(bytes, WebSocketMessageType.Binary);
        }
        await fuzzer.SendAsync(new JsonObject { ["type"] = "PING" });
        var (_, answers) = await fuzzer.UntilAsync("PONG", 10_000);
        // Every mutated frame was answered or acted on; none closed the connection.
        Assert.InRange(answers.Count, 1000, 10_000);
        await bystander.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = "#general", ["content"] = "still here" });
        var (frame, _) = await bystander.UntilAsync("MSG");
        while ((string?)frame["content"] != "still here") (frame, _) = await bystander.UntilAsync("MSG");
        await using var late = await server.IdentifiedAsync("late");
        await late.SendAsync(new JsonObject { ["type"] = "PING" });
        await late.ExpectAsync("PONG");
    }
}
