using AgentPlatform.Server.Delivery;
using AgentPlatform.Server.Transport;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Relay.Tests.Core;

public sealed class ConnectionOutboxTests
{
    private static OutboundFrame F(string s) => new(System.Text.Encoding.UTF8.GetBytes(s), FrameType.Text);

    [Fact]
    public async Task Tracked_frames_are_numbered_from_1_and_untracked_get_0()
    {
        var outbox = new ConnectionOutbox(reliable: true, new OutboxOptions());
        var t = new RecordingTransport();
        outbox.Attach(t);
        Assert.Equal(1, await outbox.SendAsync(F("a"), static (_, f) => f, tracked: true, CancellationToken.None));
        Assert.Equal(0, await outbox.SendAsync(F("ack"), static (_, f) => f, tracked: false, CancellationToken.None));
        Assert.Equal(2, await outbox.SendAsync(F("b"), static (_, f) => f, tracked: true, CancellationToken.None));
        await Eventually.TrueAsync(() => t.Frames.Count == 3, TimeSpan.FromSeconds(5), "written");
        Assert.Equal(["a", "ack", "b"], t.Texts);
        Assert.Equal((2, 2L), outbox.ReplayBuffer);
    }

    [Fact]
    public async Task Cumulative_ack_releases_frames_and_an_ack_beyond_what_was_sent_is_refused()
    {
        var outbox = new ConnectionOutbox(true, new OutboxOptions());
        outbox.Attach(new RecordingTransport());
        for (var i = 0; i < 5; i++) await outbox.SendAsync(F("x"), static (_, f) => f, true, CancellationToken.None);
        Assert.True(outbox.Acknowledge(3));
        Assert.Equal(2, outbox.ReplayBuffer.Frames);
        Assert.True(outbox.Acknowledge(2));
        Assert.Equal(2, outbox.ReplayBuffer.Frames);
        Assert.False(outbox.Acknowledge(6));
        Assert.True(outbox.Acknowledge(5));
        Assert.Equal(0, outbox.ReplayBuffer.Frames);
    }

    [Fact]
    public async Task A_resume_replays_everything_after_the_peers_position_in_order_before_new_frames()
    {
        var outbox = new ConnectionOutbox(true, new OutboxOptions());
        var first = new RecordingTransport();
        outbox.Attach(first);
        for (var i = 1; i <= 5; i++) await outbox.SendAsync(i, static (s, n) => F($"{s}/{n}"), true, CancellationToken.None);
        outbox.Detach();
        // Sent while no socket is attached: buffered only.
        await outbox.SendAsync(6, static (s, n) => F($"{s}/{n}"), true, CancellationToken.None);
        var second = new RecordingTransport();
        Assert.Equal(ResumeOutcome.Resumed, outbox.Attach(second, lastReceived: 3, preamble: F("hello")));
        await outbox.SendAsync(7, static (s, n) => F($"{s}/{n}"), true, CancellationToken.None);
        await Eventually.TrueAsync(() => second.Frames.Count == 5, TimeSpan.FromSeconds(5), "replayed");
        Assert.Equal(["hello", "4/4", "5/5", "6/6", "7/7"], second.Texts);
    }

    [Fact]
    public void A_resume_claiming_unsent_frames_or_lost_acked_frames_is_refused()
    {
        var outbox = new ConnectionOutbox(true, new OutboxOptions());
        outbox.Attach(new RecordingTransport());
        for (var i = 0; i < 4; i++) Assert.True(outbox.TrySend(F("x"), static (_, f) => f, true, out _));
        outbox.Acknowledge(2);
        outbox.Detach();
        Assert.Equal(ResumeOutcome.AheadOfSender, outbox.Attach(new RecordingTransport(), lastReceived: 9));
        Assert.Equal(ResumeOutcome.BehindBuffer, outbox.Attach(new RecordingTransport(), lastReceived: 1));
        Assert.Equal(ResumeOutcome.Resumed, outbox.Attach(new RecordingTransport(), lastReceived: 2));
    }

    [Fact]
    public async Task A_full_buffer_makes_senders_wait_until_an_ack_frees_room()
    {
        var outbox = new ConnectionOutbox(true, new OutboxOptions { MaxBufferedFrames = 3, MaxBufferedBytes = 1 << 20 });
        outbox.Attach(new RecordingTransport());
        for (var i = 0; i < 3; i++) await outbox.SendAsync(F("x"), static (_, f) => f, true, CancellationToken.None);
        Assert.False(outbox.TrySend(F("y"), static (_, f) => f, true, out _));
        var waiting = outbox.SendAsync(F("z"), static (_, f) => f, true, CancellationToken.None).AsTask();
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        outbox.Acknowledge(1);
        Assert.Equal(4, await waiting.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_byte_bound_holds_too_and_a_single_oversized_frame_still_passes_an_empty_buffer()
    {
        var outbox = new ConnectionOutbox(true, new OutboxOptions { MaxBufferedFrames = 100, MaxBufferedBytes = 10 });
        outbox.Attach(new RecordingTransport());
        Assert.True(outbox.TrySend(F(new string('a', 50)), static (_, f) => f, true, out _));
        Assert.False(outbox.TrySend(F("b"), static (_, f) => f, true, out _));
        outbox.Acknowledge(1);
        Assert.True(outbox.TrySend(F("b"), static (_, f) => f, true, out _));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Closing_releases_waiters_with_minus_one()
    {
        var outbox = new ConnectionOutbox(true, new OutboxOptions { MaxBufferedFrames = 1 });
        outbox.Attach(new RecordingTransport());
        await outbox.SendAsync(F("x"), static (_, f) => f, true, CancellationToken.None);
        var waiting = outbox.SendAsync(F("y"), static (_, f) => f, true, CancellationToken.None).AsTask();
        outbox.Close();
        Assert.Equal(-1, await waiting.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }
}
