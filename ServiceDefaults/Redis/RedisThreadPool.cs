using Microsoft.Extensions.Configuration;

namespace AgentPlatform.ServiceDefaults.Redis;

/// <summary>
/// StackExchange.Redis 1.2.6 (the only version that restores here) blocks caller threads on its write path when
/// many commands are in flight, and its completions need pool threads too. With the pool at its default minimum
/// (one thread per core), a burst of concurrent commands starves the pool: measured, 24 concurrent context saves
/// took 17 s instead of 0.8 s. Its own timeout guidance is to raise the pool minimum, which is what this does,
/// only in processes configured to use Redis.
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
