using System.Globalization;

namespace AgentPlatform.Relay.Bench;

/// <summary>Runs every scenario once, side by side, and prints a markdown table with ratios against the floor and MCP.</summary>
public static class BenchReport
{
    public static async Task RunAsync(BenchHosts hosts, int calls, int warmup, int streamFrames)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        var echo = await Scenarios.RawEchoAsync(hosts, calls, warmup);
        var direct = await Scenarios.DirectAsync(hosts, calls, warmup);
        var relay = await Scenarios.RelayModeAsync(hosts, calls, warmup);
        var mcp = await Scenarios.McpAsync(calls, warmup);
        Console.WriteLine($"Round trips: {calls} sequential calls after {warmup} warm-up, 256-byte payload, loopback.");
        Console.WriteLine();
        Console.WriteLine("| path | p50 ms | p99 ms | bytes/call | p50 vs floor | p50 vs MCP | bytes vs MCP |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var s in new[] { echo, direct, relay, mcp })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {s.Name} | {s.P50Ms:F3} | {s.P99Ms:F3} | {s.BytesPerCall:F0} | {s.P50Ms / echo.P50Ms:F2}x | {s.P50Ms / mcp.P50Ms:F3}x | {s.BytesPerCall / mcp.BytesPerCall:F2}x |"));
        }
        Console.WriteLine();
        var one = await Scenarios.StreamThroughputAsync(hosts, 1, streamFrames, providers: 1);
        var hundred = await Scenarios.StreamThroughputAsync(hosts, 100, Math.Max(1, streamFrames / 100), providers: 4);
        Console.WriteLine("| STREAM throughput (direct mode, 64-byte chunks) | frames/s |");
        Console.WriteLine("|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| 1 connection, {streamFrames} frames | {one:F0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| 100 connections x {streamFrames / 100} frames, 4 providers | {hundred:F0} |"));
    }
}
