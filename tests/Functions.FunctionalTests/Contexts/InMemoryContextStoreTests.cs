using AgentPlatform.Agents;

namespace AgentPlatform.Functions.FunctionalTests.Contexts;

public sealed class InMemoryContextStoreTests : ContextStoreContract
{
    protected override IContextStore Store { get; } = new InMemoryContextStore();
}
