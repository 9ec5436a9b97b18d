using System.Globalization;
using AgentPlatform.Agenkit.Bench;
using AgentPlatform.TestSupport;

// dotnet Agenkit.Bench.dll [calls] [warmup] [--readme]
// --readme writes the table between the agenkit-bench markers of bench/README.md.
var readme = args.Contains("--readme");
var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var calls = numbers.Length > 0 ? int.Parse(numbers[0], CultureInfo.InvariantCulture) : 5000;
var warmup = numbers.Length > 1 ? int.Parse(numbers[1], CultureInfo.InvariantCulture) : 500;
await using var hosts = await BenchAgenkitHosts.StartAsync();
var table = await BenchRun.RunAsync(hosts, calls, warmup);
Console.WriteLine(table);
if (readme) new ReadmeSection("agenkit-bench").Write(table);
