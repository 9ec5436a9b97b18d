using System.Globalization;
using AgentPlatform.Registry.Bench;
using AgentPlatform.TestSupport;

var options = BenchOptions.Parse(args);
Console.WriteLine($"Registry heartbeat load: {options.Instances} instances x 1/s for {options.Seconds} s over {options.Connections} connections; {Environment.ProcessorCount} cores");
var results = new List<LoadResult>();
foreach (var peer in options.Peers)
{
    Console.WriteLine($"running {peer} …");
    switch (peer)
    {
        case "baseline":
            results.Add(await Peers.BaselineAsync(options));
            break;
        case "external" when options.ExternalUrl is not null:
            results.Add(await Peers.LoadAsync(options.ExternalLabel, options.ExternalUrl, options.ExternalKey, options));
            break;
        case "memory":
            results.Add(await Peers.RegistryAsync("registry, in-memory", options, null));
            break;
        case "redis" when RedisServer.IsInstalled:
            await using (var redis = await RedisServer.StartAsync())
            {
                results.Add(await Peers.RegistryAsync("registry, redis", options, redis.ConnectionString));
            }
            break;
        default:
            Console.WriteLine($"skipped {peer}");
            break;
    }
}
Console.WriteLine();
Console.WriteLine("| peer | heartbeats | p50 ms | p99 ms | p99.9 ms | max ms | max lateness ms | 404 | errors | stale/removed events | healthy at end |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var r in results) Console.WriteLine(r);
if (results.Count > 1 && results[0].LatenciesMs.Length > 0)
{
    foreach (var r in results.Skip(1))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{r.Peer} / {results[0].Peer}: p50 x{r.Percentile(50) / results[0].Percentile(50):F2}, p99 x{r.Percentile(99) / results[0].Percentile(99):F2}"));
    }
}
// One machine-readable line per peer, for a caller running this as a subprocess (bench/Platform.Bench).
foreach (var r in results) Console.WriteLine("RESULT " + r.ToJson());
var failed = results.Any(r => r.Peer != "kestrel 204 (floor)" && (r.NotFound > 0 || r.PrunedEvents > 0 || r.HealthyAtEnd != options.Instances));
Console.WriteLine(failed ? "FALSE PRUNING OBSERVED" : "no false pruning");
return failed ? 1 : 0;
