using System.Text.Json;
using AgentPlatform.Platform.Bench.Peers;

namespace AgentPlatform.Platform.Bench.Scenarios;

/// <summary>
/// Today's in-process figures beside the composed ones: bench/Relay.Bench (Relay, Functions and peers in one process)
/// run as a subprocess with <c>--json</c>, while no composition is running.
/// </summary>
public static class InProcessScenario
{
    public sealed record Row(string Name, double P50Ms, double P99Ms, double BytesPerCall);

    public sealed record Result(IReadOnlyList<Row> Latency, IReadOnlyList<(string Name, double FramesPerSecond)> Stream);

    public static async Task<Result> RunAsync(BenchOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var json = (await SiblingBench.RunAsync("Relay.Bench", [.. o.InProcessArgs, "--json"], TimeSpan.FromMinutes(6)))[^1];
        static double Number(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN;
        var latency = json.GetProperty("latency").EnumerateArray()
            .Select(r => new Row(r.GetProperty("name").GetString()!, Number(r.GetProperty("p50Ms")), Number(r.GetProperty("p99Ms")), Number(r.GetProperty("bytesPerCall"))))
            .ToList();
        var stream = json.GetProperty("stream").EnumerateArray()
            .Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("framesPerSecond").GetDouble()))
            .ToList();
        return new Result(latency, stream);
    }
}
