using AgentPlatform.Relay.Bench;

// dotnet Relay.Bench.dll [calls] [warmup] [streamFrames]
var calls = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2000;
var warmup = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200;
var streamFrames = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 50_000;
await using var hosts = await BenchHosts.StartAsync();
await BenchReport.RunAsync(hosts, calls, warmup, streamFrames);
