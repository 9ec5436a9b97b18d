namespace AgentPlatform.Reliability.Tests.Scenarios;

/// <summary>The tests that share <see cref="SuiteFixture"/> (and so the started platforms).</summary>
[CollectionDefinition(Name)]
public sealed class SharedSuite : ICollectionFixture<SuiteFixture>
{
    public const string Name = "reliability suite";
}
