using System.Net.WebSockets;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Relay.Tests.Infrastructure;

namespace AgentPlatform.Relay.Tests.AspV1;

/// <summary>Numbered frames, cumulative ACK, replay on resume (SignalR stateful-reconnect rules).</summary>
[Collection(PlatformGroup.Name)]
public sealed class ReliableSessionTests(PlatformFixture platform)
{
    private static readonly string[] Reliable = ["reliable", "stream", "tools", "request"];

    [Fact]
    public async Task A_forced_disconnect_mid_stream_then_resume_delivers_every_chunk_exactly_once_in_order()
    {
        await using var relay = await platform.StartRelayAsync();
        await relay.WaitForAgentAsync(TickerAgent.AgentName);
        var client = await relay.ConnectAsync();
        var hello = await client.HelloAsync(Reliable);
        Assert.Contains("reliable", hello.Caps);
        await client.SendAsync(new InvokeFrame("long", TickerAgent.AgentName, MsgPackValue.Map(("count", 60), ("delayMs", 10))), sessionSeq: 1);
        var seen = new List<ulong>();
        var processed = 0UL;
        while (seen.Count < 15)
        {
            var frame = await client.ReceiveAsync();
            if (frame is StreamFrame s)
            {
                seen.Add(s.Seq);
                processed = s.SessionSeq!.Value;
            }
        }
        client.Socket.Abort();
        client.Socket.Dispose();
        // The function keeps streaming while nobody is attached; the Relay buffers.
        await Task.Delay(200, TestContext.Current.CancellationToken);

        await using var again = await relay.ConnectAsync();
        var resumed = await again.HelloAsync(Reliable, resume: hello.ResumeToken, lastSeq: processed);
        Assert.Equal(hello.Session, resumed.Session);
        Assert.NotEqual(hello.ResumeToken, resumed.ResumeToken);
        Assert.Equal(processed + 1, resumed.Seq);
        Assert.Equal(1UL, resumed.LastSeq);
        var expectedS = processed + 1;
        while (true)
        {
            var frame = await again.ReceiveAsync();
            if (frame is AckFrame) continue;
            Assert.Equal(expectedS++, frame.SessionSeq);
            if (frame is StreamFrame s) seen.Add(s.Seq);
            if (frame is CompleteFrame) break;
        }
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (ulong)i), seen);
    }

    [Fact]
    public async Task A_replayed_client_frame_is_processed_once_and_the_server_acks_it()
    {
        await using var relay = await platform.StartRelayAsync();
        await relay.WaitForAgentAsync("echo");
        await using var client = await relay.ConnectAsync();
        await client.HelloAsync(Reliable);
        var invoke = new InvokeFrame("once", "echo", MsgPackValue.From("x"));
        await client.SendAsync(invoke, sessionSeq: 1);
        await client.SendAsync(invoke, sessionSeq: 1);
        var frames = await client.ReceiveUntilAsync(f => f is AckFrame { Seq: 1 });
        await Task.Delay(300, TestContext.Current.CancellationToken);
        var more = new List<AspFrame>();
        while (await TryReceive(client, TimeSpan.FromMilliseconds(200)) is { } f) more.Add(f);
        var all = frames.Concat(more).ToList();
        Assert.Single(all.OfType<CompleteFrame>());
        Assert.DoesNotContain(all.OfType<ErrorFrame>(), e => e.Code == AspErrorCodes.DuplicateId);
    }

    [Fact]
    public async Task A_gap_in_client_sequence_numbers_is_BAD_FRAME()
    {
        await using var relay = await platform.StartRelayAsync();
        await using var client = await relay.ConnectAsync();
        await client.HelloAsync(Reliable);
        await client.SendAsync(new InvokeFrame("g", "no-such-agent", MsgPackValue.Nil), sessionSeq: 3);
        var frames = await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(AspErrorCodes.BadFrame, frames.OfType<ErrorFrame>().Single().Code);
        Assert.Equal(WebSocketCloseStatus.ProtocolError, client.CloseStatus);
    }

    [Fact]
    public async Task An_unknown_resume_token_gets_RESUME_FAILED_and_close_1008()
    {
        await using var relay = await platform.StartRelayAsync();
        await using var client = await relay.ConnectAsync();
        await client.SendAsync(new ClientHelloFrame(1, Reliable) { Resume = "not-a-token", LastSeq = 0 });
        var frames = await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(AspErrorCodes.ResumeFailed, Assert.IsType<ErrorFrame>(Assert.Single(frames)).Code);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.CloseStatus);
    }

    [Fact]
    public async Task A_resume_claiming_frames_never_sent_is_refused()
    {
        await using var relay = await platform.StartRelayAsync();
        var client = await relay.ConnectAsync();
        var hello = await client.HelloAsync(Reliable);
        client.Socket.Abort();
        client.Socket.Dispose();
        await using var again = await relay.ConnectAsync();
        await again.SendAsync(new ClientHelloFrame(1, Reliable) { Resume = hello.ResumeToken, LastSeq = 50 });
        var frames = await again.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(AspErrorCodes.ResumeFailed, Assert.IsType<ErrorFrame>(Assert.Single(frames)).Code);
    }

    private static async Task<AspFrame?> TryReceive(AspTestClient client, TimeSpan window)
    {
        try
        {
            return await client.TryReceiveAsync(window);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
