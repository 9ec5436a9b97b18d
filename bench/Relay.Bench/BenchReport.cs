using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentPlatform.Relay.Bench;

/// <summary>Runs every scenario once, side by side, and prints a markdown table with ratios against the floor and MCP.</summary>
public static class BenchReport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static async Task RunAsync(BenchHosts hosts, int calls, int warmup, int streamFrames, bool json = false)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        var echo = await Scenarios.RawEchoAsync(hosts, calls, warmup);
        var direct = await Scenarios.DirectAsync(hosts, calls, warmup);
        var viaRelay = await Scenarios.ViaRelayToProviderAsync(hosts, calls, warmup);
        var post = await Scenarios.PostEchoAsync(hosts, calls, warmup);
        var relay = await Scenarios.RelayModeAsync(hosts, calls, warmup);
        var mcp = await Scenarios.McpAsync("json", "MCP tools/call, stateless JSON responses (node SDK)", calls, warmup);
        var mcpSse = await Scenarios.McpAsync("sse", "MCP tools/call, session + SSE responses (node SDK default)", calls, warmup);
        Console.WriteLine($"Round trips: {calls} sequential calls after {warmup} warm-up, 256-byte payload, loopback.");
        Console.WriteLine();
        Console.WriteLine("| path | p50 ms | p99 ms | bytes/call | p50 vs floor | MCP p50 / p50 (json, sse) | bytes vs MCP (json, sse) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var s in new[] { echo, direct, viaRelay, post, relay, mcp, mcpSse })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {s.Name} | {s.P50Ms:F3} | {s.P99Ms:F3} | {s.BytesPerCall:F0} | {s.P50Ms / echo.P50Ms:F2}x | {mcp.P50Ms / s.P50Ms:F1}x, {mcpSse.P50Ms / s.P50Ms:F1}x | {s.BytesPerCall / mcp.BytesPerCall:F2}x, {s.BytesPerCall / mcpSse.BytesPerCall:F2}x |"));
        }
        Console.WriteLine();
        var perConnection = Math.Max(1, streamFrames / 100);
        var rows = new (string Name, double PerSecond)[]
        {
            ($"direct (agent runtime), 1 connection x {streamFrames}", await Scenarios.StreamThroughputAsync(hosts.RuntimeSocketUrl, null, 1, streamFrames)),
            ($"direct (agent runtime), 100 connections x {perConnection}", await Scenarios.StreamThroughputAsync(hosts.RuntimeSocketUrl, null, 100, perConnection)),
            ($"via Relay -> 1 AgentProvider, 1 connection x {streamFrames}", await Scenarios.StreamThroughputViaRelayAsync(hosts, 1, streamFrames, providers: 1)),
            ($"via Relay -> 4 AgentProviders, 100 connections x {perConnection}", await Scenarios.StreamThroughputViaRelayAsync(hosts, 100, perConnection, providers: 4)),
        };
        Console.WriteLine("| STREAM throughput (64-byte chunks) | frames/s |");
        Console.WriteLine("|---|---|");
        foreach (var (name, perSecond) in rows) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {perSecond:F0} |"));
        if (!json) return;
        var result = new
        {
            Calls = calls,
            Warmup = warmup,
            Latency = new[] { echo, direct, viaRelay, post, relay, mcp, mcpSse },
            Stream = rows.Select(r => new { r.Name, FramesPerSecond = r.PerSecond }),
        };
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(result, JsonOptions));
    }
}
