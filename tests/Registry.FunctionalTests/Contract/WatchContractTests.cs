using System.Net;
using System.Text.Json;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Registry.FunctionalTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AgentPlatform.Registry.FunctionalTests.Contract;

/// <summary>The watch stream part of the contract: snapshot, event kinds, silence of plain heartbeats, resume.</summary>
public abstract class WatchContractTests : RegistryContractTests
{
    private static AgentInstance Instance(SseReader.SseEvent e) => JsonSerializer.Deserialize(e.Data, RegistryJsonContext.Default.AgentInstance)!;

    [Fact]
    public async Task Watch_starts_with_a_snapshot_then_streams_every_change_but_not_plain_heartbeats()
    {
        var time = new FakeTimeProvider();
        await using var host = await StartAsync(time);
        await host.Client.RegisterAsync("echo", "a1", Reg());
        await using var watch = await SseReader.OpenAsync(host.Http, "/v1/watch");
        var snapshot = await watch.NextAsync();
        Assert.Equal("snapshot", snapshot.Type);
        Assert.Equal("1", snapshot.Id);
        var snap = JsonSerializer.Deserialize(snapshot.Data, RegistryJsonContext.Default.WatchSnapshot)!;
        Assert.Equal(1, snap.Cursor);
        Assert.Equal("a1", Assert.Single(Assert.Single(snap.Agents).Instances).InstanceId);

        await host.Client.RegisterAsync("echo", "a2", Reg());
        var added = await watch.NextAsync();
        Assert.Equal(("2", "added"), (added.Id, added.Type));
        Assert.Equal("a2", Instance(added).InstanceId);
        Assert.Contains("\"name\":\"echo\"", added.Data, StringComparison.Ordinal);

        // A heartbeat and an identical PUT change nothing visible: no event. The next event proves nothing came between.
        Assert.True(await host.Client.HeartbeatAsync("echo", "a1"));
        await host.Client.RegisterAsync("echo", "a1", Reg());
        await host.Client.RegisterAsync("echo", "a1", Reg(endpoint: "http://127.0.0.1:7000"));
        var updated = await watch.NextAsync();
        Assert.Equal(("3", "updated"), (updated.Id, updated.Type));
        Assert.Equal("http://127.0.0.1:7000", Instance(updated).Endpoint);

        time.Advance(TimeSpan.FromSeconds(91));
        var stale1 = await watch.NextAsync();
        var stale2 = await watch.NextAsync();
        Assert.Equal("stale,stale", string.Join(",", stale1.Type, stale2.Type));
        Assert.Equal("4,5", string.Join(",", stale1.Id, stale2.Id));
        Assert.Equal("stale", Instance(stale1).Status);

        Assert.True(await host.Client.HeartbeatAsync("echo", "a2"));
        var revived = await watch.NextAsync();
        Assert.Equal(("6", "updated", "healthy"), (revived.Id, revived.Type, Instance(revived).Status));

        Assert.True(await host.Client.DeregisterAsync("echo", "a2"));
        var removed = await watch.NextAsync();
        Assert.Equal(("7", "removed", "deregistered"), (removed.Id, removed.Type, Instance(removed).Reason));

        time.Advance(TimeSpan.FromSeconds(61));
        var expired = await watch.NextAsync();
        Assert.Equal(("8", "removed", "expired", "a1"), (expired.Id, expired.Type, Instance(expired).Reason, Instance(expired).InstanceId));
    }

    [Fact]
    public async Task A_reconnecting_watcher_resumes_from_its_cursor_and_misses_nothing()
    {
        await using var host = await StartAsync(new FakeTimeProvider());
        string lastId;
        await using (var watch = await SseReader.OpenAsync(host.Http, "/v1/watch"))
        {
            Assert.Equal("snapshot", (await watch.NextAsync()).Type);
            await host.Client.RegisterAsync("echo", "a1", Reg());
            lastId = (await watch.NextAsync()).Id!;
        }
        Assert.Equal("1", lastId);
        // Changes while disconnected.
        await host.Client.RegisterAsync("echo", "a2", Reg());
        await host.Client.DeregisterAsync("echo", "a1");
        await using (var resumed = await SseReader.OpenAsync(host.Http, "/v1/watch", lastEventId: lastId))
        {
            var e2 = await resumed.NextAsync();
            var e3 = await resumed.NextAsync();
            Assert.Equal(("2", "added", "a2"), (e2.Id, e2.Type, Instance(e2).InstanceId));
            Assert.Equal(("3", "removed", "a1"), (e3.Id, e3.Type, Instance(e3).InstanceId));
            await host.Client.RegisterAsync("echo", "a3", Reg());
            Assert.Equal("4", (await resumed.NextAsync()).Id);
        }
        await using (var byQuery = await SseReader.OpenAsync(host.Http, "/v1/watch?cursor=2"))
        {
            Assert.Equal("3,4", string.Join(",", (await byQuery.NextAsync()).Id, (await byQuery.NextAsync()).Id));
        }
        await using (var future = await SseReader.OpenAsync(host.Http, "/v1/watch?cursor=99"))
        {
            var snap = await future.NextAsync();
            Assert.Equal(("snapshot", "4"), (snap.Type, snap.Id));
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.GetAsync("/v1/watch?cursor=abc")).StatusCode);
    }

    [Fact]
    public async Task A_cursor_older_than_the_history_gets_a_snapshot()
    {
        await using var host = await StartAsync(new FakeTimeProvider(), new Dictionary<string, string?> { ["Registry:EventHistory"] = "3" });
        for (var i = 0; i < 6; i++) await host.Client.RegisterAsync("echo", "a" + i, Reg());
        await using var watch = await SseReader.OpenAsync(host.Http, "/v1/watch?cursor=1");
        var first = await watch.NextAsync();
        Assert.Equal(("snapshot", "6"), (first.Type, first.Id));
        Assert.Equal(6, JsonSerializer.Deserialize(first.Data, RegistryJsonContext.Default.WatchSnapshot)!.Agents[0].Instances.Count);
        await using var recent = await SseReader.OpenAsync(host.Http, "/v1/watch?cursor=4");
        Assert.Equal("5,6", string.Join(",", (await recent.NextAsync()).Id, (await recent.NextAsync()).Id));
    }

    [Fact]
    public async Task The_client_watch_stream_yields_the_snapshot_and_events_with_cursors()
    {
        await using var host = await StartAsync(new FakeTimeProvider());
        await host.Client.RegisterAsync("echo", "a1", Reg());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var events = host.Client.WatchAsync(ct: cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal((WatchEventTypes.Snapshot, 1L), (events.Current.Type, events.Current.Cursor));
        await host.Client.RegisterAsync("echo", "a2", Reg());
        Assert.True(await events.MoveNextAsync());
        Assert.Equal((WatchEventTypes.Added, 2L, "a2"), (events.Current.Type, events.Current.Cursor, events.Current.Instance!.InstanceId));
    }
}
