using System.Globalization;
using AgentPlatform.Platform.Bench.Composition;
using AgentPlatform.Platform.Bench.Peers;

namespace AgentPlatform.Platform.Bench.Scenarios;

/// <summary>
/// Scenario 5: Registry.Bench's heartbeat load runner (its own process) against a composition's Registry, URL and
/// registry key from endpoints.json: run once on the default composition (in-memory store) and once on one started
/// with <c>--redis local</c>, the same load both times.
/// </summary>
public static class RegistryScenario
{
    public sealed record Result(string Store, long Heartbeats, double P50Ms, double P99Ms, double P999Ms, long NotFound, long Errors, long Pruned, long Healthy);

    public static async Task<Result> RunAsync(BenchOptions o, ComposedPlatform platform, string store)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(platform);
        var results = await SiblingBench.RunAsync("Registry.Bench",
        [
            "--url", platform.Endpoints.Registry.AbsoluteUri, "--key", platform.Endpoints.RegistryKey, "--label", store,
            "--instances", o.RegistryInstances.ToString(CultureInfo.InvariantCulture),
            "--seconds", o.RegistrySeconds.ToString(CultureInfo.InvariantCulture),
            "--connections", o.RegistryConnections.ToString(CultureInfo.InvariantCulture),
        ], TimeSpan.FromSeconds(o.RegistrySeconds + 240));
        var r = results[^1];
        long L(string name) => r.GetProperty(name).GetInt64();
        double D(string name) => r.GetProperty(name).GetDouble();
        var result = new Result(store, L("heartbeats"), D("p50Ms"), D("p99Ms"), D("p999Ms"), L("notFound"), L("errors"), L("pruned"), L("healthy"));
        Console.WriteLine($"  {store}: {result.Heartbeats} heartbeats, p50 {result.P50Ms:F2} ms, p99 {result.P99Ms:F2} ms, 404 {result.NotFound}, errors {result.Errors}");
        return result;
    }
}
