using System.Diagnostics;
using System.Globalization;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Core.Backplane;
using AgentPlatform.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace AgentPlatform.Relay.Tests.Core.Backplane;

/// <summary>Two relay cores (two replicas) on one real redis-server: topics, acknowledgements, reference counting, ordering.</summary>
public sealed class TwoReplicaCoreTests
{
    private readonly TextDialect _dialect = new();

    private static Task Written(RecordingTransport t, int count, string what) =>
        Eventually.TrueAsync(() => t.Frames.Count >= count, TimeSpan.FromSeconds(10), what);

    private static IEnumerable<string> Sorted(RecordingTransport t) => t.Texts.Order(StringComparer.Ordinal);

    [Fact]
    public async Task Sends_to_a_connection_group_user_and_hub_reach_the_other_replica()
    {
        await using var replicas = await TwoReplicas.StartAsync();
        var (ta, tb, tb2) = (new RecordingTransport(), new RecordingTransport(), new RecordingTransport());
        var a = await replicas.A.OpenAsync(new ConnectionRegistration { Hub = "h", Dialect = _dialect, UserId = "ua" }, ta);
        var b = await replicas.B.OpenAsync(new ConnectionRegistration { Hub = "h", Dialect = _dialect, UserId = "ub" }, tb);
        await replicas.B.OpenAsync(new ConnectionRegistration { Hub = "h", Dialect = _dialect, UserId = "ua" }, tb2);
        await replicas.A.AddToGroupAsync("h", a.Id, "g");
        await replicas.B.AddToGroupAsync("h", b.Id, "g");

        await replicas.A.SendToConnectionAsync("h", b.Id, TextDialect.Text("direct"));
        await replicas.A.SendToGroupAsync("h", "g", TextDialect.Text("group"));
        await replicas.B.SendToUserAsync("h", "ua", TextDialect.Text("user"));
        await replicas.A.SendToAllAsync("h", TextDialect.Text("all"), excluded: [a.Id]);

        await Written(ta, 2, "a: group, user");
        await Written(tb, 3, "b: direct, group, all");
        await Written(tb2, 2, "b2: user, all");
        // Different topics are different channels: order is kept per topic, not across them.
        Assert.Equal(["0:::group", "0:::user"], Sorted(ta));
        Assert.Equal(["0:::all", "0:::direct", "0:::group"], Sorted(tb));
        Assert.Equal(["0:::all", "0:::user"], Sorted(tb2));
    }

    [Fact]
    public async Task A_group_operation_on_a_remote_connection_has_taken_effect_when_it_returns()
    {
        await using var replicas = await TwoReplicas.StartAsync();
        var tb = new RecordingTransport();
        var b = await replicas.B.OpenAsync(new ConnectionRegistration { Hub = "h", Dialect = _dialect, UserId = "u" }, tb);
        var a = await replicas.A.OpenAsync(new ConnectionRegistration { Hub = "h", Dialect = _dialect, UserId = "u" }, new RecordingTransport());

        await replicas.A.AddToGroupAsync("h", b.Id, "g");
        // No polling: the replica holding b acknowledged after joining it and subscribing to the group's channel.
        Assert.Equal(["g"], b.Groups);
        Assert.Equal(1, await replicas.SubscribersAsync("agentplatform:relay:h:group:g"));
        await replicas.A.SendToGroupAsync("h", "g", TextDialect.Text("hello"));
        await Written(tb, 1, "group send after the acknowledged join");

        await replicas.A.RemoveFromGroupAsync("h", b.Id, "g");
        Assert.Empty(b.Groups);

        // A user's connections on both replicas, each replica acknowledging for its own.
        await replicas.A.AddUserToGroupAsync("h", "u", "team");
        Assert.Equal(["team"], b.Groups);
        Assert.Equal(["team"], a.Groups);
        await replicas.B.RemoveUserFromGroupAsync("h", "u", "team");
        Assert.Empty(b.Groups);
        Assert.Empty(a.Groups);

        await replicas.A.CloseConnectionAsync("h", b.Id, "bye");
        Assert.Equal(ConnectionState.Closed, b.State);

        // Nobody holds the connection: Redis reports no receiver and the call returns without waiting for an ack.
        var clock = Stopwatch.StartNew();
        await replicas.A.AddToGroupAsync("h", "no-such-connection", "g");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_replica_that_never_acknowledges_fails_the_operation_after_the_ack_timeout()
    {
        Assert.True(RedisServer.IsInstalled, "redis-server is installed by the test command");
        await using var redis = await RedisServer.StartAsync();
        await using var mux = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await using var silent = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await using var plane = new RedisBackplane(mux, NullLogger<RedisBackplane>.Instance, new BackplaneOptions { AckTimeout = TimeSpan.FromMilliseconds(300) });
        var core = new RelayCore(plane, new RelayCoreOptions(), TimeProvider.System);
        await core.StartAsync(CancellationToken.None);
        // A subscriber that receives the operation but is no replica: it never acknowledges.
        await silent.GetSubscriber().SubscribeAsync(RedisChannel.Literal("agentplatform:relay:h:connection:ghost"), (_, _) => { });

        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<TimeoutException>(async () => await core.AddToGroupAsync("h", "ghost", "g"));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Subscriptions_are_reference_counted()
    {
        await using var replicas = await TwoReplicas.StartAsync();
        Assert.Empty(await replicas.ChannelsAsync());
        var c1 = await replicas.B.OpenAsync(new ConnectionRegistration { Hub = "h", Dialect = _dialect, UserId = "u" }, new RecordingTransport());
        var c2 = await replicas.B.OpenAsync(new ConnectionRegistration { Hub = "h", Dialect = _dialect, UserId = "u" }, new RecordingTransport());
        string Conn(RelayConnection c) => "agentplatform:relay:h:connection:" + c.Id;
        string[] own = ["agentplatform:relay:h:all", "agentplatform:relay:h:user:u", Conn(c1), Conn(c2)];
        Assert.Equal(own.Order(StringComparer.Ordinal), await replicas.ChannelsAsync());

        // Joined from the other replica and locally: one subscription for the group, held while a member remains.
        await replicas.A.AddToGroupAsync("h", c1.Id, "g");
        await replicas.B.AddToGroupAsync("h", c2.Id, "g");
        await replicas.B.AddToGroupAsync("h", c2.Id, "g");
        Assert.Equal(own.Append("agentplatform:relay:h:group:g").Order(StringComparer.Ordinal), await replicas.ChannelsAsync());
        Assert.Equal(1, await replicas.SubscribersAsync("agentplatform:relay:h:group:g"));
        await replicas.A.RemoveFromGroupAsync("h", c1.Id, "g");
        await replicas.B.Subscriptions.DrainAsync();
        Assert.Contains("agentplatform:relay:h:group:g", await replicas.ChannelsAsync());
        await replicas.B.RemoveFromGroupAsync("h", c2.Id, "g");
        await replicas.B.Subscriptions.DrainAsync();
        Assert.Equal(own.Order(StringComparer.Ordinal), await replicas.ChannelsAsync());

        // The user's and the hub's topics stay while one connection of them remains on this replica.
        replicas.B.Close(c1, "done");
        await replicas.B.Subscriptions.DrainAsync();
        Assert.Equal(new[] { "agentplatform:relay:h:all", "agentplatform:relay:h:user:u", Conn(c2) }.Order(StringComparer.Ordinal),
            await replicas.ChannelsAsync());
        replicas.B.Close(c2, "done");
        await replicas.B.Subscriptions.DrainAsync();
        Assert.Empty(await replicas.ChannelsAsync());
        Assert.Empty(replicas.B.Subscriptions.Subscribed);
    }

    [Fact]
    public async Task A_joining_and_leaving_storm_ends_subscribed_exactly_when_members_remain()
    {
        await using var replicas = await TwoReplicas.StartAsync();
        var members = new List<RelayConnection>();
        for (var i = 0; i < 8; i++)
        {
            members.Add(await replicas.B.OpenAsync(new ConnectionRegistration { Hub = "h", Dialect = _dialect }, new RecordingTransport()));
        }
        // Concurrent joins and leaves of one group, from both replicas; the last state is "c0 is a member".
        for (var round = 0; round < 20; round++)
        {
            await Task.WhenAll(members.Select((m, i) => (i % 2 == 0 ? replicas.A : replicas.B).AddToGroupAsync("h", m.Id, "g").AsTask()));
            await Task.WhenAll(members.Skip(round % 2).Select(m => replicas.B.RemoveFromGroupAsync("h", m.Id, "g").AsTask()));
        }
        await replicas.B.RemoveFromGroupAsync("h", members[1].Id, "g");
        await replicas.B.Subscriptions.DrainAsync();
        Assert.Equal([members[0]], replicas.B.Hub("h").GroupMembers("g"));
        Assert.Equal(1, await replicas.SubscribersAsync("agentplatform:relay:h:group:g"));
        await replicas.B.RemoveFromGroupAsync("h", members[0].Id, "g");
        await replicas.B.Subscriptions.DrainAsync();
        Assert.Equal(0, await replicas.SubscribersAsync("agentplatform:relay:h:group:g"));
    }

    [Fact]
    public async Task Frames_from_one_sender_to_a_remote_connection_stay_in_order_under_load()
    {
        const int Bursts = 5;
        const int PerBurst = 200;
        await using var replicas = await TwoReplicas.StartAsync();
        var tb = new RecordingTransport();
        var b = await replicas.B.OpenAsync(new ConnectionRegistration { Hub = "h", Dialect = _dialect }, tb);
        var clock = Stopwatch.StartNew();
        for (var burst = 0; burst < Bursts; burst++)
        {
            // Issued without waiting for each other: the order is the order of the calls.
            var sends = new Task[PerBurst];
            for (var i = 0; i < PerBurst; i++)
            {
                var n = (burst * PerBurst + i).ToString(CultureInfo.InvariantCulture);
                sends[i] = replicas.A.SendToConnectionAsync("h", b.Id, TextDialect.Text(n)).AsTask();
            }
            await Task.WhenAll(sends);
        }
        await Written(tb, Bursts * PerBurst, "every frame");
        TestContext.Current.TestOutputHelper?.WriteLine($"{Bursts * PerBurst} frames replica A -> connection on B in {clock.ElapsedMilliseconds} ms");
        Assert.Equal(Enumerable.Range(0, Bursts * PerBurst).Select(i => "0:::" + i.ToString(CultureInfo.InvariantCulture)), tb.Texts);
        Assert.Equal(ConnectionState.Connected, b.State);
    }

    [Fact]
    public async Task A_group_send_to_many_local_members_is_encoded_once_per_shared_key()
    {
        const int Plain = 20;
        const int Reliable = 3;
        await using var replicas = await TwoReplicas.StartAsync();
        var dialect = new CountingDialect();
        var transports = new List<RecordingTransport>();
        for (var i = 0; i < Plain + Reliable; i++)
        {
            var t = new RecordingTransport();
            transports.Add(t);
            var c = await replicas.B.OpenAsync(new ConnectionRegistration { Hub = "h", Dialect = dialect, Reliable = i >= Plain }, t);
            await replicas.B.AddToGroupAsync("h", c.Id, "g");
        }

        await replicas.A.SendToGroupAsync("h", "g", TextDialect.Text("x"));
        foreach (var t in transports) await Written(t, 1, "group member");
        // One shared encoding for the untracked frames, one per reliable connection (its sequence number differs).
        Assert.Equal(1 + Reliable, dialect.Encodes);
        Assert.All(transports.Take(Plain), t => Assert.Equal(["0:x"], t.Texts));
        Assert.All(transports.Skip(Plain), t => Assert.Equal(["1:x"], t.Texts));
        var shared = transports[0].Frames.Single().Payload;
        Assert.All(transports.Take(Plain), t => Assert.True(t.Frames.Single().Payload.Equals(shared), "the same bytes, not a copy"));

        var solo = new CountingDialect(shares: false);
        for (var i = 0; i < 4; i++)
        {
            var c = await replicas.B.OpenAsync(new ConnectionRegistration { Hub = "h", Dialect = solo }, new RecordingTransport());
            await replicas.B.AddToGroupAsync("h", c.Id, "solo");
        }
        await replicas.B.SendToGroupAsync("h", "solo", TextDialect.Text("y"));
        await Eventually.TrueAsync(() => solo.Encodes == 4, TimeSpan.FromSeconds(10), "a dialect that does not share encodes per connection");
    }
}
