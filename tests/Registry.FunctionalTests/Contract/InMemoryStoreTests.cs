namespace AgentPlatform.Registry.FunctionalTests.Contract;

/// <summary>The contract against the embedded default store.</summary>
public sealed class InMemoryStoreTests : WatchContractTests
{
    protected override IDictionary<string, string?> StoreSettings() => new Dictionary<string, string?>();
}
