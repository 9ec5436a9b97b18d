using AgentPlatform.Agents;

namespace AgentPlatform.Functions.UnitTests.Contexts;

public sealed class InMemoryContextStoreTests : ContextStoreContract
{
    protected override IContextStore Store { get; } = new InMemoryContextStore();
}
