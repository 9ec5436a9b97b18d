using AgentPlatform.Registry.FunctionalTests.Infrastructure;

namespace AgentPlatform.Registry.FunctionalTests.Contract;

/// <summary>The same contract against a real redis-server; each test gets its own key prefix.</summary>
public sealed class RedisStoreTests(RedisFixture redis) : WatchContractTests, IClassFixture<RedisFixture>
{
    protected override IDictionary<string, string?> StoreSettings() => new Dictionary<string, string?>
    {
        ["ConnectionStrings:redis"] = redis.Server.ConnectionString,
        ["Registry:RedisPrefix"] = "t" + Guid.NewGuid().ToString("N")[..12],
    };
}
