using System.Diagnostics;
using System.Globalization;
using AgentPlatform.TestSupport;

// dotnet run -c Release --project bench/AppHost.Bench -- [starts] [calls] [other-apphost.dll]
// 1. Start-up: launch → every service healthy (endpoints.json written), `starts` times; then Ctrl+C.
//    With a third argument, the same for another AppHost build (e.g. the previous hand-written one).
// 2. The proxy hop: one composition with functions behind Aspire's proxy (--replicas functions=2) and the
//    registry on its own port; `calls` sequential keep-alive GET /alive to each, p50 and p99.
var starts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
var calls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3000;
var other = args.Length > 2 ? args[2] : null;

Console.WriteLine($"start-up to all healthy ({starts} runs)");
await StartupAsync("this AppHost (Aspire)", null);
if (other is not null) await StartupAsync("other AppHost", other);

Console.WriteLine($"\nGET /alive, {calls} sequential calls per path, same composition");
await using (var platform = await PlatformProcess.StartAsync(ReplicatedFunctions(), []))
{
    using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
    var direct = await TimeAsync(http, new Uri(platform.Endpoints.Registry, "/alive"), calls);
    var proxied = await TimeAsync(http, new Uri(platform.Endpoints.Functions, "/alive"), calls);
    Report("registry, own port (no proxy)", direct);
    Report("functions behind DCP's proxy", proxied);
    Console.WriteLine($"proxy hop adds {(Percentile(proxied, 0.5) - Percentile(direct, 0.5)):0.000} ms at p50");
}
return 0;

async Task StartupAsync(string label, string? dll)
{
    var previous = Environment.GetEnvironmentVariable(PlatformProcess.AppHostDllVariable);
    if (dll is not null) Environment.SetEnvironmentVariable(PlatformProcess.AppHostDllVariable, dll);
    var times = new List<double>();
    for (var i = 0; i < starts; i++)
    {
        var clock = Stopwatch.StartNew();
        await using var platform = await PlatformProcess.StartAsync();
        times.Add(clock.Elapsed.TotalSeconds);
        await platform.StopAsync(TimeSpan.FromSeconds(40));
        // DCP takes a while to let its children go; do not let one run's stop overlap the next start.
        await Task.Delay(TimeSpan.FromSeconds(5));
    }
    Environment.SetEnvironmentVariable(PlatformProcess.AppHostDllVariable, previous);
    Console.WriteLine($"  {label,-28} {string.Join(" / ", times.Select(t => t.ToString("0.0", CultureInfo.InvariantCulture) + " s"))}");
}

static PlatformOptions ReplicatedFunctions()
{
    var options = new PlatformOptions();
    options.Replicas["functions"] = 2;
    return options;
}

static async Task<double[]> TimeAsync(HttpClient http, Uri url, int count)
{
    for (var i = 0; i < 200; i++) (await http.GetAsync(url)).Dispose();
    var samples = new double[count];
    for (var i = 0; i < count; i++)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(url);
        response.EnsureSuccessStatusCode();
        samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
    Array.Sort(samples);
    return samples;
}

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

static void Report(string label, double[] sorted) =>
    Console.WriteLine($"  {label,-32} p50 {Percentile(sorted, 0.5):0.000} ms   p99 {Percentile(sorted, 0.99):0.000} ms");
