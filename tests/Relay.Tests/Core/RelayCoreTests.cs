using AgentPlatform.Protocol;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Core.Backplane;
using AgentPlatform.Server.Delivery;
using AgentPlatform.Server.Transport;
using AgentPlatform.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace AgentPlatform.Relay.Tests.Core;

public sealed class RelayCoreTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RelayCore _core;
    private readonly TextDialect _dialect = new();

    public RelayCoreTests()
    {
        _core = new RelayCore(new InProcessBackplane(), new RelayCoreOptions { ResumeWindow = TimeSpan.FromSeconds(30) }, _time);
        _core.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    private (RelayConnection Connection, RecordingTransport Transport) Open(string? user = null, bool reliable = false, string hub = "h")
    {
        var t = new RecordingTransport();
        var c = _core.Open(new ConnectionRegistration { Hub = hub, Dialect = _dialect, UserId = user, Reliable = reliable }, t);
        return (c, t);
    }

    private static Task Written(RecordingTransport t, int count) =>
        Eventually.TrueAsync(() => t.Frames.Count >= count, TimeSpan.FromSeconds(5), $"{count} frames written");

    [Fact]
    public async Task Group_user_connection_and_hub_sends_reach_exactly_their_members()
    {
        var (a, ta) = Open("u1");
        var (b, tb) = Open("u1");
        var (c, tc) = Open("u2");
        var (_, other) = Open("u1", hub: "other");
        await _core.AddToGroupAsync("h", a.Id, "g");
        await _core.AddToGroupAsync("h", c.Id, "g");
        await _core.SendToGroupAsync("h", "g", TextDialect.Text("to-g", group: "g"), excluded: [c.Id]);
        await _core.SendToUserAsync("h", "u1", TextDialect.Text("to-u1"));
        await _core.SendToConnectionAsync("h", c.Id, TextDialect.Text("to-c"));
        await _core.SendToAllAsync("h", TextDialect.Text("to-all"));
        await Written(ta, 3);
        await Written(tb, 2);
        await Written(tc, 2);
        Assert.Equal(["0::g:to-g", "0:::to-u1", "0:::to-all"], ta.Texts);
        Assert.Equal(["0:::to-u1", "0:::to-all"], tb.Texts);
        Assert.Equal(["0:::to-c", "0:::to-all"], tc.Texts);
        Assert.Empty(other.Frames);
        Assert.Equal(["g"], a.Groups);
    }

    [Fact]
    public async Task Leaving_and_user_group_operations_update_membership()
    {
        var (a, _) = Open("u1");
        var (b, _) = Open("u1");
        await _core.AddUserToGroupAsync("h", "u1", "team");
        Assert.Equal(2, _core.Hub("h").GroupMembers("team").Count());
        await _core.RemoveFromGroupAsync("h", a.Id, "team");
        Assert.Equal([b.Id], _core.Hub("h").GroupMembers("team").Select(c => c.Id));
        await _core.RemoveUserFromGroupAsync("h", "u1", "team");
        Assert.False(_core.Hub("h").HasGroup("team"));
    }

    [Fact]
    public async Task Closing_removes_the_connection_everywhere_and_raises_the_event_once()
    {
        var (a, t) = Open("u1");
        _core.Hub("h").TryGet(a.Id, out _);
        var closed = 0;
        _core.ConnectionClosed += (_, _) => closed++;
        await _core.AddToGroupAsync("h", a.Id, "g");
        _core.Close(a, "bye", CloseCodes.Normal);
        _core.Close(a, "again");
        Assert.Equal(1, closed);
        Assert.False(_core.Hub("h").TryGet(a.Id, out _));
        Assert.False(_core.Hub("h").HasGroup("g"));
        Assert.False(_core.Hub("h").HasUser("u1"));
        Assert.True(a.Closed.IsCancellationRequested);
        Assert.Equal(ConnectionState.Closed, a.State);
    }

    [Fact]
    public async Task A_reliable_connection_is_suspended_on_transport_loss_and_closed_when_the_window_passes()
    {
        var (a, t) = Open(reliable: true);
        var token = a.ResumeToken!;
        _core.TransportLost(a, t);
        Assert.Equal(ConnectionState.Suspended, a.State);
        await _core.SendToConnectionAsync("h", a.Id, TextDialect.Text("while away"));
        Assert.Equal(1, a.Outbox.ReplayBuffer.Frames);
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(ConnectionState.Closed, a.State);
        Assert.Equal(ResumeOutcome.Closed, _core.TryResume("h", token, 0, new RecordingTransport(), out _));
    }

    [Fact]
    public async Task A_resume_within_the_window_replays_and_rotates_the_token()
    {
        var (a, t) = Open(reliable: true);
        await _core.SendToConnectionAsync("h", a.Id, TextDialect.Text("one"));
        await Written(t, 1);
        _core.TransportLost(a, t);
        await _core.SendToConnectionAsync("h", a.Id, TextDialect.Text("two"));
        var token = a.ResumeToken!;
        var t2 = new RecordingTransport();
        Assert.Equal(ResumeOutcome.Resumed, _core.TryResume("h", token, 1, t2, out var resumed, (_, _) => new OutboundFrame("hi"u8.ToArray(), FrameType.Text)));
        Assert.Same(a, resumed);
        Assert.NotEqual(token, a.ResumeToken);
        await Written(t2, 2);
        Assert.Equal(["hi", "2:::two"], t2.Texts);
        // The old token is spent; a different hub cannot use the new one.
        Assert.Equal(ResumeOutcome.Closed, _core.TryResume("h", token, 1, new RecordingTransport(), out _));
        Assert.Equal(ResumeOutcome.Closed, _core.TryResume("elsewhere", a.ResumeToken!, 1, new RecordingTransport(), out _));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(ConnectionState.Connected, a.State);
    }

    [Fact]
    public async Task A_recipient_whose_outbox_is_full_is_closed_instead_of_stalling_the_fanout()
    {
        var core = new RelayCore(new InProcessBackplane(), new RelayCoreOptions { Outbox = new OutboxOptions { MaxBufferedFrames = 2 } }, _time);
        await core.StartAsync(CancellationToken.None);
        var slow = core.Open(new ConnectionRegistration { Hub = "h", Dialect = _dialect, Reliable = true }, new RecordingTransport());
        var fastTransport = new RecordingTransport();
        var fast = core.Open(new ConnectionRegistration { Hub = "h", Dialect = _dialect }, fastTransport);
        for (var i = 0; i < 3; i++)
        {
            await core.SendToAllAsync("h", TextDialect.Text("m" + i));
            // The fast reader keeps up: each frame is written before the next send.
            await Written(fastTransport, i + 1);
        }
        Assert.Equal(ConnectionState.Closed, slow.State);
        Assert.Equal(ConnectionState.Connected, fast.State);
    }
}
