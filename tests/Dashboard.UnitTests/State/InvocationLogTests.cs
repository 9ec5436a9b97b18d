using AgentPlatform.Dashboard.State;

namespace AgentPlatform.Dashboard.UnitTests.State;

public class InvocationLogTests
{
    private static InvocationLog NewLog(out SeriesRecorder series)
    {
        series = new SeriesRecorder(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        return new InvocationLog(series);
    }

    [Fact]
    public void Start_then_completion_merge_into_one_record_newest_first()
    {
        var log = NewLog(out var series);
        var started = DateTimeOffset.UnixEpoch;
        log.Upsert(new InvocationRecord { Id = "1", Agent = "echo", StartedAt = started, ConnectionId = "c1" }, live: true);
        log.Upsert(new InvocationRecord { Id = "2", Agent = "echo" }, live: true);
        var merged = log.Upsert(new InvocationRecord { Id = "1", Agent = "echo", Status = "completed", DurationMs = 12.5 }, live: true);

        Assert.NotNull(merged);
        Assert.Equal((started, "c1", 12.5), (merged.StartedAt, merged.ConnectionId, merged.DurationMs!.Value));
        Assert.Equal(["2", "1"], log.Recent(10).Select(r => r.Id));
        Assert.Equal(1, series.Tick(DateTimeOffset.UnixEpoch.AddSeconds(1), null, 0, 0).InvocationsPerSec);
    }

    [Fact]
    public void A_late_start_does_not_undo_a_completion()
    {
        var log = NewLog(out _);
        log.Upsert(new InvocationRecord { Id = "1", Agent = "a", Status = "failed", ErrorCode = "TIMEOUT" }, live: true);
        Assert.Null(log.Upsert(new InvocationRecord { Id = "1", Agent = "a" }, live: true));
        Assert.Equal("failed", log.Recent(1)[0].Status);
    }

    [Fact]
    public void The_log_is_bounded()
    {
        var log = NewLog(out _);
        for (var i = 0; i < InvocationLog.Capacity + 50; i++) log.Upsert(new InvocationRecord { Id = i.ToString(), Agent = "a" }, live: false);
        var recent = log.Recent(int.MaxValue);
        Assert.Equal(InvocationLog.Capacity, recent.Count);
        Assert.Equal((InvocationLog.Capacity + 49).ToString(), recent[0].Id);
    }
}
