using AgentPlatform.Agents;

namespace AgentPlatform.Functions.Tests.Contexts;

public sealed class InMemoryContextStoreTests : ContextStoreContract
{
    protected override IContextStore Store { get; } = new InMemoryContextStore();
}
