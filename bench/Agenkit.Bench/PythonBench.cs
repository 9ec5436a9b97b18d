using System.Globalization;
using System.Text.Json;
using AgentPlatform.Client.Agenkit;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Agenkit.Bench;

/// <summary>The Python standard-library client (tests/Interop/python/agenkit) measuring the same paths, one process per path.</summary>
public static class PythonBench
{
    private const string Script = "tests/Interop/python/agenkit/agenkit_cli.py";

    /// <summary>Sequential process round trips (or, with <paramref name="raw"/>, bare frame round trips for the echo floor).</summary>
    public static async Task<Latency> MeasureAsync(AgenkitEndpoint endpoint, string agent, int calls, int warmup, bool raw = false)
    {
        List<string> args = [RepoPaths.Combine(Script), "bench", endpoint.ToString(), agent, calls.ToString(CultureInfo.InvariantCulture), warmup.ToString(CultureInfo.InvariantCulture)];
        if (raw) args.Add("raw");
        await using var child = ChildProcess.Start("python3", args, RepoPaths.Root);
        var code = await child.WaitForExitAsync(TimeSpan.FromMinutes(5));
        await Task.Delay(50);
        var line = child.Output.Split('\n').LastOrDefault(l => l.StartsWith('{') && l.Contains("p50_us", StringComparison.Ordinal));
        if (code != 0 || line is null) throw new InvalidOperationException($"python bench on {endpoint} failed ({code}):\n{child.Tail(20)}");
        using var json = JsonDocument.Parse(line);
        return new Latency(json.RootElement.GetProperty("p50_us").GetDouble(), json.RootElement.GetProperty("p99_us").GetDouble());
    }
}
