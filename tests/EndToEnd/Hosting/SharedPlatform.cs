namespace AgentPlatform.EndToEnd.Hosting;

/// <summary>The collection whose tests share one running composition (<see cref="PlatformFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class SharedPlatform : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
