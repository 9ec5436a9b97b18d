using System.Globalization;
using AgentPlatform.Reliability.Suite;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>
/// A pure-parser fuzz row: <see cref="SuiteOptions.FuzzFrames"/> inputs for one wire format; passes when every
/// input was a valid parse or a protocol error, none was slow and the parser never hung.
/// </summary>
public abstract class ParserFuzzScenario : IReliabilityScenario
{
    public abstract string Dialect { get; }

    public string Kind => "fuzz";

    public abstract string Name { get; }

    public string Expectation => "every fuzzed input is a valid parse or a protocol error; no other exception, no input over 100 ms, no hang";

    /// <summary>The format: seeds, dictionary and the wrapped parser.</summary>
    protected abstract FuzzFormat Format { get; }

    /// <summary>A scenario's format, for the live fuzzer's mutators.</summary>
    public static FuzzFormat FormatOf(ParserFuzzScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Format;
    }

    public async Task<ScenarioResult> RunAsync(SuiteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seed = FuzzEngine.Seed;
        var format = Format;
        context.Log.WriteLine($"  {format.Name}: {context.Options.FuzzFrames:N0} inputs, seed {seed} (AGENTPLATFORM_FUZZ_SEED={seed} reproduces)");
        var report = await FuzzEngine.RunAsync(format, context.Options.FuzzFrames, seed, cancellationToken).ConfigureAwait(false);
        var result = new ScenarioResult { FuzzedFrames = report.Cases, ProtocolErrors = report.ProtocolErrors };
        var rate = report.Cases / Math.Max(report.Elapsed.TotalSeconds, 1e-3);
        result.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"{format.Name}: {report.Cases:N0} inputs ({report.Valid:N0} valid, {report.ProtocolErrors:N0} protocol errors) in {report.Elapsed.TotalSeconds:F1} s, {rate:N0} frames/s; slowest {report.SlowestMs:F1} ms (case {report.SlowestCase}); seed {seed}, {format.Seeds.Count} seeds"));
        foreach (var finding in report.Findings) result.Fail(finding);
        if (report.MoreFindings > 0) result.Fail(report.MoreFindings + " more findings (not saved)");
        if (report.Cases < context.Options.FuzzFrames && !cancellationToken.IsCancellationRequested && report.Findings.Count == 0)
        {
            result.Fail($"only {report.Cases} of {context.Options.FuzzFrames} inputs ran");
        }
        return result;
    }
}
