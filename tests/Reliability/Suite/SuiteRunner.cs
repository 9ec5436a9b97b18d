using System.Diagnostics;

namespace AgentPlatform.Reliability.Suite;

/// <summary>Finds the scenarios, runs the selected ones one after another (they share two cores), collects results.</summary>
public static class SuiteRunner
{
    /// <summary>Every scenario in this assembly, ordered by dialect, kind and name.</summary>
    public static IReadOnlyList<IReliabilityScenario> Discover() =>
        [.. typeof(SuiteRunner).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && typeof(IReliabilityScenario).IsAssignableFrom(t)
                && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IReliabilityScenario)Activator.CreateInstance(t)!)
            .OrderBy(s => s.Dialect, StringComparer.Ordinal).ThenBy(s => s.Kind, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)];

    public static async Task<IReadOnlyList<ScenarioOutcome>> RunAsync(SuiteContext context, IEnumerable<IReliabilityScenario> scenarios, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(scenarios);
        List<ScenarioOutcome> outcomes = [];
        foreach (var scenario in scenarios.Where(context.Options.Selects))
        {
            context.Log.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {scenario.Dialect} / {scenario.Kind} / {scenario.Name}: {scenario.Expectation}");
            var clock = Stopwatch.StartNew();
            ScenarioResult result;
            try
            {
                result = await scenario.RunAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
            {
                result = new ScenarioResult().Fail($"{ex.GetType().Name}: {ex.Message}");
            }
            clock.Stop();
            var outcome = new ScenarioOutcome(scenario.Dialect, scenario.Kind, scenario.Name, scenario.Expectation, result, clock.Elapsed);
            // Notes are in the report at the end; a failure says why at once.
            context.Log.WriteLine($"  -> {(result.Passed ? "passed" : "FAILED")} in {clock.Elapsed.TotalSeconds:F1} s" +
                (!result.Passed && result.Notes.Count > 0 ? "; " + string.Join("; ", result.Notes) : ""));
            outcomes.Add(outcome);
        }
        return outcomes;
    }
}
