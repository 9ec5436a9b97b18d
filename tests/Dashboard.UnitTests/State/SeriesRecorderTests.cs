using AgentPlatform.Dashboard.State;

namespace AgentPlatform.Dashboard.UnitTests.State;

public class SeriesRecorderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(new double[] { }, 0.5, null)]
    [InlineData(new double[] { 7 }, 0.99, 7d)]
    [InlineData(new double[] { 1, 2, 3, 4 }, 0.5, 2d)]
    [InlineData(new double[] { 1, 2, 3, 4 }, 0.99, 4d)]
    public void Percentile_is_nearest_rank(double[] values, double p, double? expected)
    {
        Assert.Equal(expected, SeriesRecorder.Percentile([.. values], p));
    }

    [Fact]
    public void A_bucket_holds_rates_and_latency_of_what_completed_in_it()
    {
        var series = new SeriesRecorder(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(15));
        var m0 = new RelayMetrics { FramesIn = 100, FramesOut = 50, Connections = new() { Total = 3 } };
        series.Tick(T0, m0, agents: 1, stale: 0);
        for (var i = 1; i <= 10; i++) series.RecordCompletion(i * 10, failed: i == 10);
        var p = series.Tick(T0.AddSeconds(2), m0 with { FramesIn = 300, FramesOut = 70 }, agents: 2, stale: 1);

        Assert.Equal(5, p.InvocationsPerSec);
        Assert.Equal(0.5, p.ErrorsPerSec);
        Assert.Equal(50, p.P50Ms);
        Assert.Equal(100, p.P99Ms);
        Assert.Equal(100, p.FramesInPerSec);
        Assert.Equal(10, p.FramesOutPerSec);
        Assert.Equal(3, p.Connections);
        Assert.Equal((2, 1), (p.Agents, p.Stale));
    }

    [Fact]
    public void Only_the_window_is_kept_and_a_relay_restart_is_not_a_negative_rate()
    {
        var series = new SeriesRecorder(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        for (var i = 0; i < 30; i++) series.Tick(T0.AddSeconds(i), new RelayMetrics { FramesIn = i == 20 ? 0 : 1000 + i }, 0, 0);
        var points = series.Points();
        Assert.Equal(10, points.Count);
        Assert.All(points, p => Assert.True(p.FramesInPerSec >= 0));
        Assert.Equal(T0.AddSeconds(29).ToUnixTimeMilliseconds(), series.Latest()!.T);
    }
}
