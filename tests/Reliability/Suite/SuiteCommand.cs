namespace AgentPlatform.Reliability.Suite;

/// <summary>The suite's entry: parse, run every selected scenario, print the report, exit 1 on any failure.</summary>
public static class SuiteCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (!SuiteOptions.TryParse(args, out var options, out var error))
        {
            await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
            return 2;
        }
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var all = SuiteRunner.Discover();
        if (!all.Any(options.Selects))
        {
            await Console.Error.WriteLineAsync("No scenario matches --only; known: " + string.Join(", ", all.Select(s => s.Name))).ConfigureAwait(false);
            return 2;
        }
        IReadOnlyList<ScenarioOutcome> outcomes;
        await using (var context = new SuiteContext(options, Console.Out))
        {
            outcomes = await SuiteRunner.RunAsync(context, all, cancel.Token).ConfigureAwait(false);
        }
        Console.WriteLine();
        Console.WriteLine(SuiteReport.Format(outcomes));
        if (options.JsonPath is { } path) await File.WriteAllTextAsync(path, SuiteReport.ToJson(outcomes)).ConfigureAwait(false);
        return outcomes.All(o => o.Result.Passed) ? 0 : 1;
    }
}
