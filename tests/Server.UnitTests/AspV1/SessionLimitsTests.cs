using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Server.Limits;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Server.UnitTests.AspV1;

/// <summary>Session rules every host gets from the engine: HELLO first, limits, idle, ACKs, and 1001 on drain.</summary>
public sealed class SessionLimitsTests
{
    [Fact]
    public async Task Draining_closes_every_session_with_1001()
    {
        await using var h = new EngineHarness();
        await h.HelloAsync();
        await h.Session.DrainAsync();
        Assert.Equal(1001, await h.Transport.Closed.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_message_over_the_limit_is_FRAME_TOO_LARGE_and_1009()
    {
        await using var h = new EngineHarness();
        await h.HelloAsync();
        await h.SendRawAsync(MessageKind.TooLarge, []);
        Assert.Equal(AspErrorCodes.FrameTooLarge, Assert.IsType<ErrorFrame>(await h.Transport.NextAsync()).Code);
        Assert.Equal(1009, await h.Transport.Closed.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_text_message_is_BAD_FRAME_and_1002()
    {
        await using var h = new EngineHarness();
        await h.HelloAsync();
        await h.SendRawAsync(MessageKind.Text, "{}"u8.ToArray());
        Assert.Equal(AspErrorCodes.BadFrame, Assert.IsType<ErrorFrame>(await h.Transport.NextAsync()).Code);
        Assert.Equal(1002, await h.Transport.Closed.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_first_frame_must_be_HELLO()
    {
        await using var h = new EngineHarness();
        await h.SendAsync(new InvokeFrame("i1", "echo", MsgPackValue.Nil));
        Assert.Equal(AspErrorCodes.BadFrame, Assert.IsType<ErrorFrame>(await h.Transport.NextAsync()).Code);
        Assert.Equal(1002, await h.Transport.Closed.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task No_HELLO_in_time_is_IDLE_TIMEOUT_and_4000()
    {
        await using var h = new EngineHarness(new ConnectionLimits { IdleTimeout = TimeSpan.FromSeconds(2) });
        h.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(AspErrorCodes.IdleTimeout, Assert.IsType<ErrorFrame>(await h.Transport.NextAsync()).Code);
        Assert.Equal(4000, await h.Transport.Closed.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Malformed_frames_are_answered_until_the_peer_persists()
    {
        await using var h = new EngineHarness(new ConnectionLimits { MaxMalformedFrames = 2 });
        await h.HelloAsync();
        await h.SendRawAsync(MessageKind.Binary, [0xC1]);
        Assert.Equal(AspErrorCodes.BadFrame, Assert.IsType<ErrorFrame>(await h.Transport.NextAsync()).Code);
        Assert.False(h.Transport.Closed.IsCompleted);
        await h.SendRawAsync(MessageKind.Binary, [0x91, 0x00]);
        Assert.Equal(AspErrorCodes.BadFrame, Assert.IsType<ErrorFrame>(await h.Transport.NextAsync()).Code);
        Assert.Equal(1002, await h.Transport.Closed.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Frames_over_the_rate_are_refused_with_a_retry_hint()
    {
        await using var h = new EngineHarness(new ConnectionLimits { FramesPerSecond = 1, FrameBurst = 1, MaxRateLimitViolations = 10 });
        await h.HelloAsync();
        await h.SendAsync(new InvokeFrame("a", "echo", MsgPackValue.Nil));
        await h.SendAsync(new InvokeFrame("b", "echo", MsgPackValue.Nil));
        var frames = await h.Transport.UntilAsync(f => f is ErrorFrame);
        var limited = Assert.IsType<ErrorFrame>(frames[^1]);
        Assert.Equal(("b", AspErrorCodes.RateLimited, 1000u), (limited.Id, limited.Code, limited.RetryAfterMs));
    }

    [Fact]
    public async Task A_reliable_session_acknowledges_what_it_processed_on_its_timer()
    {
        await using var h = new EngineHarness(chunks: 0);
        var hello = await h.HelloAsync(AspCapabilities.Reliable);
        Assert.Contains(AspCapabilities.Reliable, hello.Caps);
        await h.SendAsync(new InvokeFrame("i1", "echo", MsgPackValue.Nil), seq: 1);
        Assert.IsType<CompleteFrame>(await h.Transport.NextAsync());
        // COMPLETE can reach the transport before the read loop records INVOKE as processed: tick until the ACK comes.
        AspFrame? ack = null;
        for (var tick = 0; tick < 50 && ack is null; tick++)
        {
            h.Time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(20, TestContext.Current.CancellationToken);
            h.Transport.TryNext(out ack);
        }
        Assert.Equal(1UL, Assert.IsType<AckFrame>(ack).Seq);
    }
}
