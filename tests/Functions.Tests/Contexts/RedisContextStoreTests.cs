using AgentPlatform.Client.Agents;
using AgentPlatform.Functions.Contexts;

namespace AgentPlatform.Functions.Tests.Contexts;

public sealed class RedisContextStoreTests(RedisFixture redis) : ContextStoreContract, IClassFixture<RedisFixture>
{
    protected override IContextStore Store { get; } = new RedisContextStore(redis.Connection);
}
