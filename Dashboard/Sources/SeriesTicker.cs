using AgentPlatform.Dashboard.Hosting;
using AgentPlatform.Dashboard.Live;
using AgentPlatform.Dashboard.State;

namespace AgentPlatform.Dashboard.Sources;

/// <summary>Closes a plot bucket every <see cref="DashboardOptions.SeriesInterval"/> and pushes the overview with the new point.</summary>
public sealed class SeriesTicker(SeriesRecorder series, AgentStore agents, RelayState relay, OverviewBuilder overview, LiveFeed feed,
    TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(series.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var counts = agents.Counts();
            var point = series.Tick(time.GetUtcNow(), relay.Metrics, counts.Healthy, counts.Stale);
            feed.Publish("overview", overview.Build(point));
        }
    }
}
