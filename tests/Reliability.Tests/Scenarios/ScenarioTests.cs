using System.Diagnostics;
using AgentPlatform.Reliability.Suite;

namespace AgentPlatform.Reliability.Tests.Scenarios;

/// <summary>
/// Every scenario the suite discovers (whatever folder it lives in) runs here in quick mode and must pass; the test
/// prints the suite's log, the report row and the scenario's notes.
/// </summary>
[Collection(SharedSuite.Name)]
public sealed class ScenarioTests(SuiteFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string> Names
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (var scenario in SuiteRunner.Discover()) names.Add(scenario.Name);
            return names;
        }
    }

    /// <summary>
    /// Scenarios that start a composition of their own (Redis and two Relay replicas, or a Relay with a tiny ceiling) or
    /// break one on purpose run only under the suite's command (docs/operations/reliability.md): each costs minutes of
    /// platform starts, and the test command must stay within CI's budget. Their mechanisms have fast tests of their own
    /// (tests/Relay.Tests/Replicas, tests/Relay.Tests/Limits). RELIABILITY_ALL=1 runs them here too.
    /// </summary>
    private static readonly Dictionary<string, string> SuiteCommandOnly = new(StringComparer.Ordinal)
    {
        ["asp-v1-replica-cutover"] = "its own Redis + 2-replica composition; tests/Relay.Tests/Replicas covers the mechanism",
        ["fault-functions-killed"] = "a fault composition (Redis + 2 replicas) killed on purpose",
        ["fault-redis-restarted"] = "a fault composition (Redis + 2 replicas) killed on purpose",
        ["fault-registry-killed"] = "a fault composition (Redis + 2 replicas) killed on purpose",
        ["fault-relay-replica-killed"] = "a fault composition (Redis + 2 replicas) killed on purpose",
        ["limits-ceiling"] = "its own Relay with a ceiling of 40; tests/Relay.Tests/Limits covers every refusal",
        ["fuzz-live-dialects"] = "12,000 reconnecting fuzz connections take minutes on 2 cores; the parsers' fuzz rows and each dialect's malformed-frame tests run here",
    };

    [Fact]
    public void The_suite_discovers_scenarios_with_unique_names()
    {
        var names = SuiteRunner.Discover().Select(s => s.Name).ToList();
        Assert.NotEmpty(names);
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains("asp-v1-reliable-disconnects", names);
        Assert.All(SuiteCommandOnly.Keys, n => Assert.Contains(n, names));
    }

    [Theory(Timeout = 900_000)]
    [MemberData(nameof(Names))]
    public async Task Scenario_passes_in_quick_mode(string name)
    {
        if (SuiteCommandOnly.TryGetValue(name, out var why) && Environment.GetEnvironmentVariable("RELIABILITY_ALL") != "1")
        {
            Assert.Skip("run by the suite command only: " + why);
        }
        var scenario = SuiteRunner.Discover().Single(s => s.Name == name);
        var clock = Stopwatch.StartNew();
        IReadOnlyList<ScenarioOutcome> outcomes;
        try
        {
            outcomes = await SuiteRunner.RunAsync(fixture.Context, [scenario], TestContext.Current.CancellationToken);
        }
        finally
        {
            output.WriteLine(fixture.TakeLog());
        }
        output.WriteLine(SuiteReport.Format(outcomes));
        var outcome = Assert.Single(outcomes);
        output.WriteLine($"{name}: {clock.Elapsed.TotalSeconds:F1} s in this test (platform start included when this test started it)");
        Assert.True(outcome.Result.Passed, name + ": " + string.Join("; ", outcome.Result.Notes));
    }
}
