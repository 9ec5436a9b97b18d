using System.Diagnostics;
using AgentPlatform.Dashboard.Hosting;
using AgentPlatform.Dashboard.Live;
using AgentPlatform.Dashboard.State;
using AgentPlatform.Dashboard.Telemetry;

namespace AgentPlatform.Dashboard.Sources;

/// <summary>Polls every watched service's <c>/health</c>; a status change is pushed at once.</summary>
public sealed class HealthPoller(IHttpClientFactory http, ServiceEndpoints endpoints, HealthBoard board, OverviewBuilder overview,
    LiveFeed feed, DashboardOptions options, TimeProvider time, ILogger<HealthPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var client = http.CreateClient(DashboardHttpClients.Polls);
        using var timer = new PeriodicTimer(options.HealthInterval, time);
        do
        {
            var results = await Task.WhenAll(ServiceEndpoints.Watched.Select(s => CheckAsync(client, s, stoppingToken))).ConfigureAwait(false);
            board.Record("dashboard", "healthy", 200, 0, time.GetUtcNow());
            if (results.Any(changed => changed)) feed.Publish("overview", overview.Build());
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task<bool> CheckAsync(HttpClient client, string service, CancellationToken stoppingToken)
    {
        var baseUrl = endpoints.Resolve(service);
        string status;
        int? code = null;
        double? latency = null;
        if (baseUrl is null)
        {
            status = "unconfigured";
        }
        else
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.GetAsync(new Uri(baseUrl, "health"), stoppingToken).ConfigureAwait(false);
                code = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync(stoppingToken).ConfigureAwait(false);
                status = response.IsSuccessStatusCode
                    ? body.Contains("Degraded", StringComparison.OrdinalIgnoreCase) ? "degraded" : "healthy"
                    : "unhealthy";
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                status = "unreachable";
            }
            latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        var changed = board.Record(service, status, code, latency, time.GetUtcNow());
        if (changed) Log.HealthChanged(logger, service, status);
        return changed;
    }
}
