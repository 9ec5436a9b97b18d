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

    [Fact]
    public void The_suite_discovers_scenarios_with_unique_names()
    {
        var names = SuiteRunner.Discover().Select(s => s.Name).ToList();
        Assert.NotEmpty(names);
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains("asp-v1-reliable-disconnects", names);
    }

    [Theory(Timeout = 900_000)]
    [MemberData(nameof(Names))]
    public async Task Scenario_passes_in_quick_mode(string name)
    {
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
