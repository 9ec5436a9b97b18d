using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Relay.Tests.Agenkit;
using AgentPlatform.Relay.Tests.Infrastructure;

namespace AgentPlatform.Relay.Tests.Limits;

/// <summary>
/// Handshake deadlines over real sockets: headers dribbled byte by byte (slowloris), a body that crawls, and a socket
/// that upgrades and then says nothing, on every dialect; each is closed at its deadline while a normal client is served.
/// </summary>
public sealed class DeadlineTests
{
    private const int SlowSockets = 20;

    [Fact]
    public async Task Sockets_dribbling_header_bytes_are_closed_at_the_header_deadline_while_a_normal_client_invokes()
    {
        await using var relay = await LimitsRelay.StartAsync(new() { ["Relay:Limits:RequestHeadersTimeout"] = "00:00:02" });
        var slow = new List<RawHttp>();
        try
        {
            for (var i = 0; i < SlowSockets; i++)
            {
                var socket = await RawHttp.ConnectAsync(relay.Url);
                slow.Add(socket);
                await socket.WriteAsync("GET /v1/agent-socket HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            }
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var dribblers = slow.Select(s => DribbleAsync(s, stop.Token)).ToList();
            var closed = slow.Select(s => s.ClosedWithinAsync(TimeSpan.FromSeconds(10))).ToList();
            // Meanwhile a normal client connects, initializes and runs a prompt to its end.
            var watch = Stopwatch.StartNew();
            await using (var client = await relay.ConnectAsync())
            {
                await client.InitializeAsync();
                var session = await client.NewSessionAsync(1);
                var done = await client.CallAsync(2, "session/prompt", new JsonObject { ["sessionId"] = session, ["prompt"] = new JsonArray(), ["count"] = 2 });
                Assert.Equal("end_turn", (string?)done["result"]!["stopReason"]);
            }
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "the normal client is served promptly beside the slow sockets: " + watch.Elapsed);
            var times = await Task.WhenAll(closed);
            await stop.CancelAsync();
            await Task.WhenAll(dribblers);
            Assert.All(times, t => Assert.NotNull(t));
            // Dropped by the deadline (2 s, Kestrel's 1 s heartbeat), not at once and not never.
            Assert.All(times, t => Assert.InRange(t!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8)));
        }
        finally
        {
            foreach (var s in slow) await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_request_body_slower_than_the_minimum_rate_is_cut_with_408()
    {
        await using var relay = await LimitsRelay.StartAsync(new()
        {
            ["Relay:Limits:MinRequestBodyBytesPerSecond"] = "100", ["Relay:Limits:MinRequestBodyGracePeriod"] = "00:00:02",
        });
        await using var socket = await RawHttp.ConnectAsync(relay.Url);
        await socket.WriteAsync("POST /acp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + LimitsRelay.Bearer
                                + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: 100000\r\n\r\n{\"jsonrpc\":");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var dribbler = DribbleAsync(socket, stop.Token);
        var closed = await socket.ClosedWithinAsync(TimeSpan.FromSeconds(12));
        await stop.CancelAsync();
        await dribbler;
        Assert.NotNull(closed);
        Assert.InRange(closed.Value, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
        Assert.StartsWith("HTTP/1.1 408", Encoding.ASCII.GetString(socket.Received.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_silent_after_its_upgrade_is_closed_at_the_dialect_deadline_with_its_own_error()
    {
        await using var relay = await LimitsRelay.StartAsync(new()
        {
            ["Relay:Limits:HandshakeTimeout"] = "00:00:01", ["AgentChat:IdentifyTimeout"] = "00:00:01", ["Relay:Limits:IdleTimeout"] = "00:00:01",
        });
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(AcpAsync(), AgentChatAsync(), AgenkitAsync(), AspV1Async());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), "every silent socket closed near its 1 s deadline: " + watch.Elapsed);

        async Task AcpAsync()
        {
            await using var client = await relay.ConnectAsync();
            var (status, reason) = await client.ClosedAsync();
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
            Assert.Equal("initialize not received in time", reason);
        }

        async Task AgentChatAsync()
        {
            using var socket = new ClientWebSocket();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await socket.ConnectAsync(new UriBuilder(relay.Url) { Scheme = "ws", Path = "/agentchat" }.Uri, cts.Token);
            var buffer = new byte[4096];
            var first = await socket.ReceiveAsync(buffer, cts.Token);
            var error = JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, first.Count))!;
            Assert.Equal("ERROR", (string?)error["type"]);
            Assert.Equal("AUTH_REQUIRED", (string?)error["code"]);
            var close = await socket.ReceiveAsync(buffer, cts.Token);
            Assert.Equal(WebSocketMessageType.Close, close.MessageType);
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        }

        async Task AgenkitAsync()
        {
            await using var client = await AgenkitTestClient.ConnectAsync(relay.Agenkit());
            var error = AgenkitError.FromPayload((await client.ExpectAsync()).Payload);
            Assert.Equal(AgenkitErrorCodes.ConnectionTimeout, error.Code);
            Assert.Equal("handshake_timeout", error.Reason);
            Assert.True(await client.ClosedAsync());
        }

        async Task AspV1Async()
        {
            await using var client = await AspTestClient.ConnectAsync(relay.Url, Acp.Transport.AcpRelay.Token);
            await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(8));
            Assert.NotNull(client.CloseStatus);
        }
    }

    /// <summary>One byte every 250 ms until the server closes the socket or the test stops (bounded by <paramref name="stop"/>).</summary>
    private static async Task DribbleAsync(RawHttp socket, CancellationToken stop)
    {
        for (var i = 0; i < 200 && !stop.IsCancellationRequested; i++)
        {
            try
            {
                await socket.Stream.WriteAsync("a"u8.ToArray(), stop);
                await Task.Delay(250, stop);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
