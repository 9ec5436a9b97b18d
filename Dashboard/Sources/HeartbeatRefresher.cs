using System.Text.Json;
using AgentPlatform.Dashboard.Hosting;
using AgentPlatform.Dashboard.Live;
using AgentPlatform.Dashboard.State;
using AgentPlatform.Dashboard.Telemetry;

namespace AgentPlatform.Dashboard.Sources;

/// <summary>
/// Re-reads <c>GET /v1/agents</c> now and then to learn heartbeat times, which the watch stream leaves out
/// on purpose (registry.md); only newer times are taken, so it never fights the stream over status.
/// </summary>
public sealed class HeartbeatRefresher(IHttpClientFactory http, ServiceEndpoints endpoints, AgentStore store, LiveFeed feed,
    DashboardOptions options, TimeProvider time, ILogger<HeartbeatRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (endpoints.Resolve("registry") is not { } baseUrl) return;
        var client = http.CreateClient(DashboardHttpClients.Polls);
        using var timer = new PeriodicTimer(options.HeartbeatRefresh, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (!store.Connected) continue;
            try
            {
                var json = await client.GetStringAsync(new Uri(baseUrl, "v1/agents"), stoppingToken).ConfigureAwait(false);
                var moved = store.RefreshHeartbeats(RegistryPayloads.ParseList(json).Instances);
                if (moved.Count > 0)
                {
                    feed.Publish("heartbeats", moved.Select(i => new { key = i.Key, lastHeartbeat = i.LastHeartbeat }));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException)
            {
                Log.PollFailed(logger, "registry agents", ex.GetType().Name);
            }
        }
    }
}
