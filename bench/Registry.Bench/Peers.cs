using System.Globalization;
using AgentPlatform.Client.Registry;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Registry.Bench;

/// <summary>The systems under load: a bare Kestrel route (the floor), the Registry in memory, the Registry on Redis.</summary>
internal static class Peers
{
    public const string Key = "bench-key";

    public static async Task<LoadResult> BaselineAsync(BenchOptions options)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var app = builder.Build();
        app.MapPost("/v1/agents/{name}/instances/{id}/heartbeat", (string name, string id) => Results.NoContent());
        await app.StartAsync().ConfigureAwait(false);
        // Warm-up (JIT, connection pool) is not measured.
        await LoadRunner.RunAsync(new Uri($"http://127.0.0.1:{port}"), Key, options with { Seconds = 2 }, i => $"/v1/agents/bench/instances/i{i}/heartbeat").ConfigureAwait(false);
        var run = await LoadRunner.RunAsync(new Uri($"http://127.0.0.1:{port}"), Key, options, i => $"/v1/agents/bench/instances/i{i}/heartbeat").ConfigureAwait(false);
        await app.StopAsync().ConfigureAwait(false);
        return new LoadResult("kestrel 204 (floor)", run.Latencies, run.NotFound, run.Errors, run.MaxLatenessMs, 0, 0);
    }

    public static async Task<LoadResult> RegistryAsync(string peer, BenchOptions options, string? redis)
    {
        var port = FreePort.Next();
        var settings = new Dictionary<string, string?>
        {
            ["AgentPlatform:Keys:Registry"] = Key,
            // A tight timeout makes "no false pruning" meaningful: any heartbeat delayed 5 s would show as stale.
            ["Registry:HeartbeatTimeout"] = "00:00:05",
            ["Registry:RemovalDelay"] = "00:00:05",
            ["Registry:EventHistory"] = "50000",
            ["Registry:WatcherQueue"] = "50000",
        };
        if (redis is not null)
        {
            settings["ConnectionStrings:redis"] = redis;
            settings["Registry:RedisPrefix"] = "bench" + Guid.NewGuid().ToString("N")[..8];
        }
        await using var app = RegistryApplication.Build([], b =>
        {
            b.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
            b.Configuration.AddInMemoryCollection(settings);
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync().ConfigureAwait(false);
        var result = await LoadAsync(peer, new Uri($"http://127.0.0.1:{port}"), Key, options).ConfigureAwait(false);
        await app.StopAsync().ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Registers the instances (agent name <c>bench</c>), then the warm-up and the measured load against a Registry at
    /// <paramref name="baseUri"/> (in this process or elsewhere), a live watcher counting stale/removed events.
    /// </summary>
    public static async Task<LoadResult> LoadAsync(string peer, Uri baseUri, string key, BenchOptions options)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections }) { BaseAddress = baseUri };
        var client = new RegistryClient(http, key);
        var registration = new AgentRegistration { Endpoint = "ws://127.0.0.1:9/agent", Protocol = "asp-v1", Mode = "direct", Capabilities = ["stream"] };
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Instances), new ParallelOptions { MaxDegreeOfParallelism = 64 },
            async (i, ct) => await client.RegisterAsync("bench", "i" + i.ToString(CultureInfo.InvariantCulture), registration, ct).ConfigureAwait(false)).ConfigureAwait(false);

        // Warm-up first: under load, registering 10,000 instances can take longer than the 5 s timeout, and instances
        // registered early would go stale before their first heartbeat. That is the bench's own setup, not a false
        // pruning, so the watcher starts once every instance has heartbeated.
        await LoadRunner.RunAsync(baseUri, key, options with { Seconds = 2 }, i => $"/v1/agents/bench/instances/i{i}/heartbeat").ConfigureAwait(false);

        // A live watcher counts every stale/removed event: each one would be a false pruning.
        long pruned = 0;
        using var stopWatch = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in client.WatchAsync(ct: stopWatch.Token).ConfigureAwait(false))
                {
                    if (e.Type is WatchEventTypes.Stale or WatchEventTypes.Removed) Interlocked.Increment(ref pruned);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        var run = await LoadRunner.RunAsync(baseUri, key, options, i => $"/v1/agents/bench/instances/i{i}/heartbeat").ConfigureAwait(false);
        var healthy = (await client.GetAsync("bench").ConfigureAwait(false))?.Instances.Count(x => x.Status == InstanceStatus.Healthy) ?? 0;
        await stopWatch.CancelAsync().ConfigureAwait(false);
        await watcher.ConfigureAwait(false);
        return new LoadResult(peer, run.Latencies, run.NotFound, run.Errors, run.MaxLatenessMs, Interlocked.Read(ref pruned), healthy);
    }
}
