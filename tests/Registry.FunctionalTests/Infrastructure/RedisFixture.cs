using AgentPlatform.TestSupport;

namespace AgentPlatform.Registry.FunctionalTests.Infrastructure;

/// <summary>One real redis-server per test class; each test isolates itself with its own key prefix.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await RedisServer.StartAsync();

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
