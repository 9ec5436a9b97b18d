using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Core.Sessions;
using AgentPlatform.Server.Delivery;
using AgentPlatform.Server.Transport;
using AgentPlatform.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace AgentPlatform.Relay.Tests.Replicas;

/// <summary>The Redis session store on a real redis-server: journaling, takeover, and fencing of the old owner.</summary>
public sealed class SessionStoreFencingTests
{
    private static readonly SessionRecord Record = new("conn-fence", "hub", "asp-v1", "conn-fence", "user-1", ["client"]);

    private static OutboundFrame Frame(int i) => new(new[] { (byte)i }, FrameType.Binary);

    [Fact]
    public async Task After_a_takeover_the_old_owner_can_no_longer_append_and_its_token_no_longer_resumes()
    {
        Assert.True(RedisServer.IsInstalled, "redis-server is installed by the test command");
        await using var redis = await RedisServer.StartAsync();
        await using var mux = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        using var store = new RedisSessionStore(mux, new RelayCoreOptions(), TimeProvider.System, NullLogger<RedisSessionStore>.Instance);
        var fenced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (journal, created) = store.Create(Record, "hash-1", () => 7, () => fenced.TrySetResult());
        await created;
        var outbox = new ConnectionOutbox(true, new OutboxOptions());
        journal.Bind(outbox);
        outbox.UseJournal(journal);
        var transport = new Core.RecordingTransport();
        outbox.Attach(transport);
        for (var i = 1; i <= 3; i++) Assert.True(outbox.TrySend(i, static (_, n) => Frame(n), tracked: true, out _));
        await Eventually.TrueAsync(() => outbox.DurableSequence == 3, TimeSpan.FromSeconds(5), "three frames durable");
        await Eventually.TrueAsync(() => transport.Frames.Count == 3, TimeSpan.FromSeconds(5), "durable frames written");
        Assert.True(outbox.Acknowledge(1));

        // Another user's credential with the right token: refused, and nothing changed (the epoch is still 1 below).
        var (otherUser, none) = await store.TakeOverAsync(Record.ConnectionId, "hub", "asp-v1", "hash-1", "hash-x", 1, "mallory", CancellationToken.None);
        Assert.Equal((ResumeOutcome.OtherUser, null), (otherUser, none));
        var (outcome, taken) = await store.TakeOverAsync(Record.ConnectionId, "hub", "asp-v1", "hash-1", "hash-2", 1, "user-1", CancellationToken.None);
        Assert.Equal(ResumeOutcome.Resumed, outcome);
        Assert.Equal(2, taken!.Epoch);
        Assert.Equal(3, taken.LastSequence);
        Assert.Equal(7, taken.Inbound);
        Assert.Equal([2L, 3L], taken.Frames.Select(f => f.Sequence));
        Assert.Equal("user-1", taken.Record.UserId);

        // The old owner sends on: its write is refused, the frame stays unwritten to its socket.
        Assert.True(outbox.TrySend(4, static (_, n) => Frame(n), tracked: true, out var fourth));
        Assert.Equal(4, fourth);
        await fenced.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(journal.Fenced);
        Assert.Equal(3, outbox.DurableSequence);
        Assert.Equal(3, transport.Frames.Count);
        Assert.Equal(2, await mux.GetDatabase().SortedSetLengthAsync("relay:session:{conn-fence}:frames"));

        // The rotated token is the only one that resumes now; the old owner's removal is refused too.
        var (stale, _) = await store.TakeOverAsync(Record.ConnectionId, "hub", "asp-v1", "hash-1", "hash-3", 1, null, CancellationToken.None);
        Assert.Equal(ResumeOutcome.Closed, stale);
        journal.Remove();
        var (ahead, _) = await store.TakeOverAsync(Record.ConnectionId, "hub", "asp-v1", "hash-2", "hash-3", 9, null, CancellationToken.None);
        Assert.Equal(ResumeOutcome.AheadOfSender, ahead);
        var (again, second) = await store.TakeOverAsync(Record.ConnectionId, "hub", "asp-v1", "hash-2", "hash-3", 3, null, CancellationToken.None);
        Assert.Equal(ResumeOutcome.Resumed, again);
        Assert.Equal(3, second!.Epoch);
        Assert.Empty(second.Frames);
    }
}
