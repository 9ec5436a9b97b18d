namespace AgentPlatform.Dashboard.FunctionalTests.Browser;

/// <summary>
/// Browser tests run one class at a time: they assert wall-clock budgets (an agent within 2 s), which
/// two Chromiums and several platforms competing for two cores would make flaky.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserTestGroup
{
    public const string Name = "browser";
}
