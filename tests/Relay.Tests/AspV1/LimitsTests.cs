using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Relay.Tests.Infrastructure;

namespace AgentPlatform.Relay.Tests.AspV1;

/// <summary>Every limit and failure of the endpoint, each with its error or close code; none disturbs other connections.</summary>
[Collection(PlatformGroup.Name)]
public sealed class LimitsTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_frame_over_maxFrame_gets_FRAME_TOO_LARGE_and_close_1009()
    {
        await using var relay = await platform.StartRelayAsync(new() { ["Relay:Limits:MaxFrameBytes"] = "4096" });
        var (client, hello) = await relay.OpenAsync();
        await using var ownedC = client;
        Assert.Equal(4096U, hello.MaxFrame);
        await client.SendAsync(new InvokeFrame("big", "echo", MsgPackValue.FromBinary(new byte[5000])));
        var frames = await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(AspErrorCodes.FrameTooLarge, Assert.IsType<ErrorFrame>(Assert.Single(frames)).Code);
        Assert.Equal((WebSocketCloseStatus)1009, client.CloseStatus);
    }

    [Fact]
    public async Task One_invocation_over_the_concurrency_limit_gets_TOO_MANY_INVOCATIONS_retryable()
    {
        await using var relay = await platform.StartRelayAsync(new() { ["Relay:Limits:MaxConcurrentInvocations"] = "2" });
        await relay.WaitForAgentAsync(TickerAgent.AgentName);
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        var slow = MsgPackValue.Map(("count", 3), ("delayMs", 300));
        await client.SendAsync(new InvokeFrame("a", TickerAgent.AgentName, slow));
        await client.SendAsync(new InvokeFrame("b", TickerAgent.AgentName, slow));
        await client.SendAsync(new InvokeFrame("c", TickerAgent.AgentName, slow));
        var frames = await client.ReceiveUntilAsync(f => f is ErrorFrame);
        var error = (ErrorFrame)frames[^1];
        Assert.Equal(AspErrorCodes.TooManyInvocations, error.Code);
        Assert.Equal("c", error.Id);
        Assert.True(error.Retryable);
        // The two admitted ones finish normally.
        var completes = frames.OfType<CompleteFrame>().Count();
        while (completes < 2)
        {
            if (await client.ReceiveAsync() is CompleteFrame) completes++;
        }
    }

    [Fact]
    public async Task Frames_beyond_the_token_bucket_get_RATE_LIMITED_with_retryAfterMs()
    {
        await using var relay = await platform.StartRelayAsync(new()
        {
            ["Relay:Limits:FramesPerSecond"] = "1", ["Relay:Limits:FrameBurst"] = "3", ["Relay:Limits:MaxRateLimitViolations"] = "100",
        });
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        for (var i = 0; i < 6; i++) await client.SendAsync(new InvokeFrame("r" + i, "no-such-agent", MsgPackValue.Nil));
        var errors = new List<ErrorFrame>();
        for (var i = 0; i < 6; i++) errors.Add(Assert.IsType<ErrorFrame>(await client.ReceiveAsync()));
        Assert.Equal(3, errors.Count(e => e.Code == AspErrorCodes.UnknownAgent));
        var limited = errors.Where(e => e.Code == AspErrorCodes.RateLimited).ToList();
        Assert.Equal(3, limited.Count);
        Assert.All(limited, e => Assert.True(e.Retryable && e.RetryAfterMs > 0));
    }

    [Fact]
    public async Task A_peer_that_keeps_flooding_is_closed_with_1008()
    {
        await using var relay = await platform.StartRelayAsync(new()
        {
            ["Relay:Limits:FramesPerSecond"] = "1", ["Relay:Limits:FrameBurst"] = "1", ["Relay:Limits:MaxRateLimitViolations"] = "3",
        });
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        for (var i = 0; i < 6; i++) await client.SendAsync(new InvokeFrame("f" + i, "no-such-agent", MsgPackValue.Nil));
        await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.CloseStatus);
    }

    [Fact]
    public async Task An_idle_connection_gets_IDLE_TIMEOUT_and_close_4000()
    {
        await using var relay = await platform.StartRelayAsync(new() { ["Relay:Limits:IdleTimeout"] = "00:00:00.500" });
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        var frames = await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(AspErrorCodes.IdleTimeout, Assert.IsType<ErrorFrame>(Assert.Single(frames)).Code);
        Assert.Equal((WebSocketCloseStatus)4000, client.CloseStatus);
    }

    [Fact]
    public async Task No_HELLO_in_time_closes_with_4000()
    {
        await using var relay = await platform.StartRelayAsync(new() { ["Relay:Limits:IdleTimeout"] = "00:00:00.500" });
        await using var client = await relay.ConnectAsync();
        await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((WebSocketCloseStatus)4000, client.CloseStatus);
    }

    [Fact]
    public async Task Malformed_frames_get_BAD_FRAME_and_a_peer_that_persists_is_closed_with_1002_others_unaffected()
    {
        await using var relay = await platform.StartRelayAsync(new() { ["Relay:Limits:MaxMalformedFrames"] = "3" });
        await relay.WaitForAgentAsync("echo");
        var (bystander, _) = await relay.OpenAsync();
        await using var ownedB = bystander;
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        await client.SendRawAsync(new byte[] { 0x7f, 0x80 });
        Assert.Equal(AspErrorCodes.BadFrame, Assert.IsType<ErrorFrame>(await client.ReceiveAsync()).Code);
        await client.SendRawAsync(new byte[] { 0x02, 0xc1 });
        Assert.Equal(AspErrorCodes.BadFrame, Assert.IsType<ErrorFrame>(await client.ReceiveAsync()).Code);
        // Still usable between bad frames.
        await client.SendAsync(new InvokeFrame("ok", "echo", MsgPackValue.From(1)));
        Assert.IsType<StreamFrame>(await client.ReceiveAsync());
        Assert.IsType<CompleteFrame>(await client.ReceiveAsync());
        await client.SendRawAsync(new byte[] { 0x02 });
        var last = await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(AspErrorCodes.BadFrame, Assert.IsType<ErrorFrame>(Assert.Single(last)).Code);
        Assert.Equal(WebSocketCloseStatus.ProtocolError, client.CloseStatus);
        await bystander.SendAsync(new InvokeFrame("b", "echo", MsgPackValue.From(2)));
        Assert.IsType<StreamFrame>(await bystander.ReceiveAsync());
    }

    [Fact]
    public async Task A_text_message_closes_with_1002()
    {
        await using var relay = await platform.StartRelayAsync();
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        await client.SendRawAsync(Encoding.UTF8.GetBytes("{\"hello\":1}"), WebSocketMessageType.Text);
        var frames = await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(AspErrorCodes.BadFrame, Assert.IsType<ErrorFrame>(Assert.Single(frames)).Code);
        Assert.Equal(WebSocketCloseStatus.ProtocolError, client.CloseStatus);
    }

    [Fact]
    public async Task A_first_frame_other_than_HELLO_or_a_wrong_version_closes_with_1002()
    {
        await using var relay = await platform.StartRelayAsync();
        await using (var client = await relay.ConnectAsync())
        {
            await client.SendAsync(new InvokeFrame("x", "echo", MsgPackValue.Nil));
            var frames = await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(AspErrorCodes.BadFrame, Assert.IsType<ErrorFrame>(Assert.Single(frames)).Code);
            Assert.Equal(WebSocketCloseStatus.ProtocolError, client.CloseStatus);
        }
        await using (var client = await relay.ConnectAsync())
        {
            await client.SendAsync(new ClientHelloFrame(2, []));
            var frames = await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(AspErrorCodes.UnsupportedVersion, Assert.IsType<ErrorFrame>(Assert.Single(frames)).Code);
        }
    }

    [Fact]
    public async Task A_peer_that_never_answers_pings_is_dropped()
    {
        await using var relay = await platform.StartRelayAsync(new()
        {
            ["Relay:Limits:PingInterval"] = "00:00:00.200", ["Relay:Limits:PongTimeout"] = "00:00:00.300", ["Relay:Limits:IdleTimeout"] = "00:01:00",
        });
        // A hand-made WebSocket client that completes the upgrade and then never answers anything.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", relay.Url.Port);
        var stream = tcp.GetStream();
        var request = $"GET /v1/agent-socket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: asp-v1\r\n" +
            $"Authorization: Bearer {PlatformFixture.SocketKey}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[4096];
        var sawPing = false;
        var received = new StringBuilder();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            int n;
            try
            {
                n = await stream.ReadAsync(buffer, cts.Token);
            }
            catch (IOException)
            {
                break;
            }
            if (n == 0) break;
            received.Append(Encoding.Latin1.GetString(buffer, 0, n));
            if (buffer.AsSpan(0, n).IndexOf((byte)0x89) >= 0) sawPing = true;
        }
        Assert.False(cts.IsCancellationRequested, "the server kept the silent peer");
        Assert.StartsWith("HTTP/1.1 101", received.ToString());
        Assert.True(sawPing, "the server sent WebSocket pings");
    }
}
