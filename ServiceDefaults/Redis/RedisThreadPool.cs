using Microsoft.Extensions.Configuration;

namespace AgentPlatform.ServiceDefaults.Redis;

/// <summary>
/// Raises the thread-pool minimum in processes configured to use Redis. Introduced for StackExchange.Redis 1.2.6,
/// which starved the pool (24 concurrent context saves: 17 s instead of 0.8 s). 3.4 no longer starves on such a burst
/// (tests/Functions.FunctionalTests RedisContextStoreTests: 24 x 20 saves in ~0.2 s at the default minimum), but the Registry
/// heartbeat load (bench/Registry.Bench, 10,000 instances, 256 connections, 2 busy cores) still falls seconds behind
/// without it and prunes live instances (measured 2026-12-03: 187,020 of 200,000 heartbeats 404 without the floor,
/// 0 with it), so it stays.
/// </summary>
public static class RedisThreadPool
{
    /// <summary>Worker and I/O completion threads kept ready when Redis is configured.</summary>
    public const int MinimumThreads = 64;

    /// <summary>Raises the thread-pool minimum when <c>ConnectionStrings:redis</c> is set; returns whether it did.</summary>
    public static bool ApplyIfConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString("redis"))) return false;
        ThreadPool.GetMinThreads(out var workers, out var io);
        return ThreadPool.SetMinThreads(Math.Max(workers, MinimumThreads), Math.Max(io, MinimumThreads));
    }
}
