using AgentPlatform.Relay.Bench;

// dotnet Relay.Bench.dll [calls] [warmup] [streamFrames] [--json]
// --json adds one line "RESULT {…}" with every row, for a caller running this as a subprocess (bench/Platform.Bench).
var json = args.Contains("--json");
var numbers = args.Where(a => a != "--json").ToArray();
var calls = numbers.Length > 0 ? int.Parse(numbers[0], System.Globalization.CultureInfo.InvariantCulture) : 2000;
var warmup = numbers.Length > 1 ? int.Parse(numbers[1], System.Globalization.CultureInfo.InvariantCulture) : 200;
var streamFrames = numbers.Length > 2 ? int.Parse(numbers[2], System.Globalization.CultureInfo.InvariantCulture) : 50_000;
await using var hosts = await BenchHosts.StartAsync();
await BenchReport.RunAsync(hosts, calls, warmup, streamFrames, json);
