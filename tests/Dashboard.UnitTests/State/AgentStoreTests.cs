using AgentPlatform.Dashboard.State;
using Microsoft.Extensions.Time.Testing;

namespace AgentPlatform.Dashboard.UnitTests.State;

public class AgentStoreTests
{
    private static AgentInstance Instance(string name, string id, string status = "healthy", DateTimeOffset? hb = null) =>
        new() { Name = name, InstanceId = id, Protocol = "asp-v1", Mode = "relay", Status = status, LastHeartbeat = hb };

    [Fact]
    public void Watch_events_converge_to_the_registry_view()
    {
        var store = new AgentStore(new FakeTimeProvider());
        store.Replace([Instance("a", "1"), Instance("b", "1")], cursor: 10);
        store.Apply("added", Instance("c", "1"), 11);
        store.Apply("stale", Instance("a", "1", "stale"), 12);
        store.Apply("removed", Instance("b", "1") with { Reason = "expired" }, 13);

        Assert.Equal(["a/1", "c/1"], store.Snapshot().Select(i => i.Key));
        Assert.Equal("stale", store.Snapshot()[0].Status);
        Assert.Equal(13, store.Cursor);
        Assert.Equal((2, 2, 1, 1), store.Counts());
    }

    [Fact]
    public void History_remembers_stale_recovered_and_removed_newest_first()
    {
        var store = new AgentStore(new FakeTimeProvider());
        store.Apply("added", Instance("a", "1"), 1);
        store.Apply("stale", Instance("a", "1", "stale"), 2);
        store.Apply("updated", Instance("a", "1"), 3);
        store.Apply("removed", Instance("a", "1") with { Reason = "deregistered" }, 4);

        Assert.Equal(["removed", "recovered", "stale", "added"], store.History().Select(h => h.Kind));
        Assert.Equal("deregistered", store.History()[0].Reason);
    }

    [Fact]
    public void Unknown_event_kinds_change_nothing()
    {
        var store = new AgentStore(new FakeTimeProvider());
        Assert.Null(store.Apply("exploded", Instance("a", "1"), 1));
        Assert.Empty(store.Snapshot());
    }

    [Fact]
    public void Heartbeat_refresh_only_moves_times_forward_and_never_resurrects()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var store = new AgentStore(new FakeTimeProvider());
        store.Replace([Instance("a", "1", hb: t0)], 1);

        var moved = store.RefreshHeartbeats([Instance("a", "1", hb: t0.AddSeconds(5)), Instance("gone", "1", hb: t0.AddSeconds(5))]);
        Assert.Single(moved);
        Assert.Equal(t0.AddSeconds(5), store.Snapshot()[0].LastHeartbeat);

        Assert.Empty(store.RefreshHeartbeats([Instance("a", "1", hb: t0)]));
        Assert.Single(store.Snapshot());
    }
}
