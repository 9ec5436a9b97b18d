namespace AgentPlatform.Reliability.Suite;

/// <summary>
/// One scenario of the suite. Scenarios are found by reflection (every concrete public type implementing this with a
/// parameterless constructor), so adding one is adding a file. A scenario states what it expects before it runs
/// (<see cref="Expectation"/>) and fails its result when the platform does not meet it.
/// </summary>
public interface IReliabilityScenario
{
    /// <summary>The dialect the row belongs to: asp-v1, web-pubsub, acp, agentchat, agenkit, relay-functions, registry, platform.</summary>
    string Dialect { get; }

    /// <summary>What kind of check: disconnects, fault, fuzz, limits, soak.</summary>
    string Kind { get; }

    /// <summary>Unique, short, kebab-case (<c>--only</c> matches it, its dialect or its kind).</summary>
    string Name { get; }

    /// <summary>The outcome promised, written down before the run (printed in the report and in docs/operations/reliability.md).</summary>
    string Expectation { get; }

    Task<ScenarioResult> RunAsync(SuiteContext context, CancellationToken cancellationToken);
}
