using System.Diagnostics;
using AgentPlatform.Agents;
using AgentPlatform.Functions.Contexts;
using AgentPlatform.Functions.UnitTests.Contexts;

namespace AgentPlatform.Functions.FunctionalTests.Contexts;

public sealed class RedisContextStoreTests(RedisFixture redis) : ContextStoreContract, IClassFixture<RedisFixture>
{
    protected override IContextStore Store { get; } = new RedisContextStore(redis.Connection);

    /// <summary>
    /// StackExchange.Redis 1.2.6 blocked caller threads on its write path and needed pool threads for completions:
    /// at the default pool minimum, 24 concurrent context saves took 17 s instead of 0.8 s, so every Redis-using
    /// process raised the minimum to 64. 3.x needs no floor: this runs the same burst with the pool as .NET sets it.
    /// </summary>
    [Fact]
    public async Task A_burst_of_concurrent_saves_completes_without_a_thread_pool_floor()
    {
        ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
        const int Savers = 24;
        const int Rounds = 20;
        var data = new byte[16 * 1024];
        var elapsed = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Savers).Select(s => Task.Run(async () =>
        {
            var key = "burst:" + Guid.NewGuid().ToString("N");
            for (var version = 0L; version < Rounds; version++)
            {
                Assert.True(await Store.TrySaveAsync(key, version, data, CancellationToken.None));
                Assert.Equal(version + 1, (await Store.LoadAsync(key, CancellationToken.None)).Version);
            }
        })));
        elapsed.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Savers} x {Rounds} save+load: {elapsed.ElapsedMilliseconds} ms; pool minimum {minWorkers} workers / {minIo} io on {Environment.ProcessorCount} cores");
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(5), $"{Savers} concurrent Savers took {elapsed.Elapsed}");
    }
}
