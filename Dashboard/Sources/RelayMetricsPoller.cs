using System.Text.Json;
using AgentPlatform.Dashboard.Hosting;
using AgentPlatform.Dashboard.Json;
using AgentPlatform.Dashboard.State;
using AgentPlatform.Dashboard.Telemetry;

namespace AgentPlatform.Dashboard.Sources;

/// <summary>Polls the Relay's <c>/admin/metrics</c>; the series ticker turns its counters into rates.</summary>
public sealed class RelayMetricsPoller(RelayAdminClient relay, RelayState state, DashboardOptions options, TimeProvider time,
    DashboardTelemetry telemetry, ILogger<RelayMetricsPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (relay.BaseUrl is null)
        {
            Log.NotConfigured(logger, "relay");
            return;
        }
        using var timer = new PeriodicTimer(options.MetricsInterval, time);
        do
        {
            await PollOnceAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task PollOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var response = await relay.GetAsync("admin/metrics", stoppingToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                Fail($"{(int)response.StatusCode} {response.ReasonPhrase}");
                return;
            }
            state.Metrics = await response.Content.ReadFromJsonAsync<RelayMetrics>(DashboardJson.Options, stoppingToken).ConfigureAwait(false);
            state.Problem = null;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException)
        {
            Fail(ex.GetType().Name);
        }
    }

    private void Fail(string reason)
    {
        if (state.Problem != reason) Log.PollFailed(logger, "relay metrics", reason);
        state.Problem = reason;
        telemetry.SourceErrors.Add(1, new KeyValuePair<string, object?>("source", "relay"));
    }
}
