using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AgentPlatform.Registry;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Dashboard.Bench;

/// <summary>
/// Registers agents one by one on a real Registry and times when each shows up (a) on the Registry's own
/// watch stream, the peer, and (b) on the dashboard's live feed, with several browsers attached; then the
/// cost of a browser's first snapshot against the Registry's own list. Bounded by --agents.
/// </summary>
public static class LatencyRun
{
    private const string Key = "bench-registry-key";

    public static async Task<int> RunAsync(string[] args)
    {
        var agents = Arg(args, "--agents", 500);
        var subscribers = Arg(args, "--subscribers", 20);
        var apps = new List<WebApplication>();
        try
        {
            var registryUrl = await StartAsync(apps, a => RegistryApplication.Build(a, b => Quiet(b, new() { ["AgentPlatform:Keys:Registry"] = Key })));
            var dashboardUrl = await StartAsync(apps, a => DashboardApplication.Build(a, b => Quiet(b, new() { ["services:registry:http:0"] = registryUrl.AbsoluteUri })));
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            using var registry = new HttpClient { BaseAddress = registryUrl };
            registry.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);

            await using var peer = StreamWatcher.Registry(http, registryUrl);
            var browsers = Enumerable.Range(0, subscribers).Select(_ => StreamWatcher.Dashboard(http, dashboardUrl)).ToList();
            await Task.WhenAll(browsers.Select(b => b.Connected.Task).Append(peer.Connected.Task));
            await Task.Delay(500); // the dashboard's own watch connects

            var viaRegistry = new List<double>();
            var viaDashboard = new List<double>();
            for (var i = -50; i < agents; i++)
            {
                var name = $"bench-{i + 50:D5}";
                var sent = Stopwatch.GetTimestamp();
                using (var response = await registry.PutAsJsonAsync($"v1/agents/{name}/instances/i1",
                    new { endpoint = "wss://bench.example/ws", protocol = "asp-v1", mode = "direct" }))
                {
                    response.EnsureSuccessStatusCode();
                }
                var key = name + "/i1";
                var atPeer = await peer.SeenAsync(key).WaitAsync(TimeSpan.FromSeconds(10));
                var atBrowsers = await Task.WhenAll(browsers.Select(b => b.SeenAsync(key).WaitAsync(TimeSpan.FromSeconds(10))));
                if (i < 0) continue; // warm-up
                viaRegistry.Add(Stopwatch.GetElapsedTime(sent, atPeer).TotalMilliseconds);
                viaDashboard.Add(Stopwatch.GetElapsedTime(sent, atBrowsers.Max()).TotalMilliseconds);
            }
            foreach (var b in browsers) await b.DisposeAsync();

            var (peerMs, peerBytes) = await TimeBodyAsync(http, new Uri(registryUrl, "v1/agents"), firstEventOnly: false);
            var (snapMs, snapBytes) = await TimeBodyAsync(http, new Uri(dashboardUrl, "api/live"), firstEventOnly: true);

            Console.WriteLine($"agents={agents} browsers={subscribers} (sequential registrations, {Environment.ProcessorCount} cores)");
            Console.WriteLine("| path | p50 ms | p99 ms |");
            Console.WriteLine("|---|---|---|");
            Row("PUT -> Registry /v1/watch event (peer)", viaRegistry);
            Row($"PUT -> dashboard /api/live event, slowest of {subscribers} browsers", viaDashboard);
            Console.WriteLine($"ratio p50 dashboard/peer = {Pct(viaDashboard, 0.5) / Pct(viaRegistry, 0.5):F2}, p99 = {Pct(viaDashboard, 0.99) / Pct(viaRegistry, 0.99):F2}");
            Console.WriteLine($"first view with {agents + 50} agents: Registry GET /v1/agents {peerMs:F1} ms, {peerBytes / 1024.0:F0} KiB; dashboard snapshot {snapMs:F1} ms, {snapBytes / 1024.0:F0} KiB");
            return 0;
        }
        finally
        {
            foreach (var app in Enumerable.Reverse(apps))
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
    }

    private static async Task<(double Ms, long Bytes)> TimeBodyAsync(HttpClient http, Uri url, bool firstEventOnly)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long total = 0;
        var blankLines = 0;
        while (true)
        {
            var n = await body.ReadAsync(buffer);
            if (n == 0) break;
            total += n;
            // The live stream opens with "retry: 1000\n\n" and then the snapshot event ending in "\n\n".
            if (firstEventOnly)
            {
                for (var i = 1; i < n; i++) if (buffer[i] == '\n' && buffer[i - 1] == '\n') blankLines++;
                if (blankLines >= 2) break;
            }
        }
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, total);
    }

    private static void Row(string name, List<double> values) =>
        Console.WriteLine($"| {name} | {Pct(values, 0.5):F2} | {Pct(values, 0.99):F2} |");

    private static double Pct(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static void Quiet(WebApplicationBuilder builder, Dictionary<string, string?> settings)
    {
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
    }

    private static async Task<Uri> StartAsync(List<WebApplication> apps, Func<string[], WebApplication> build)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}/");
        var app = build([]);
        app.Urls.Add(url.AbsoluteUri.TrimEnd('/'));
        apps.Add(app);
        await app.StartAsync();
        return url;
    }
}
