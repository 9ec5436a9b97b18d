using System.Globalization;
using AgentPlatform.Platform.Bench.Clients;
using AgentPlatform.Platform.Bench.Scenarios;

namespace AgentPlatform.Platform.Bench.Report;

/// <summary>Issue 13's goals computed from one run's figures (pure: no I/O).</summary>
public static class Goals
{
    public static List<Goal> Compute(RunResults r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var goals = new List<Goal>();
        var mcpJson = r.Find(NodeClient.Name, PathNames.McpJson);
        var mcpSse = r.Find(NodeClient.Name, PathNames.McpSse);
        var mcpFastest = new[] { mcpJson, mcpSse }.Where(x => x is not null).MinBy(x => x!.P50Ms);
        foreach (var client in new[] { DotnetClient.Name, NodeClient.Name })
        {
            var relay = r.Find(client, PathNames.RelayMode);
            var direct = r.Find(client, PathNames.DirectViaRelay);
            var ws = Min(r.Find(client, PathNames.WsFloorKestrel), r.Find(client, PathNames.WsFloorNode));
            var post = Min(r.Find(client, PathNames.PostFloorKestrel), r.Find(client, PathNames.PostFloorNode));
            if (relay is not null && mcpFastest is not null)
            {
                var x = mcpFastest.P50Ms / relay.P50Ms;
                goals.Add(new Goal($"relay mode p50 ≥ 5x below MCP's fastest shape ({client} client)",
                    F($"relay {relay.P50Ms:F3} ms; MCP {mcpFastest.P50Ms:F3} ms ({(mcpFastest == mcpJson ? "stateless JSON" : "session + SSE")}, node client)"),
                    F($"MCP / relay = {x:F2}x"), x >= 5));
            }
            if (relay is not null && ws is not null && post is not null)
            {
                var floors = ws.P50Ms + post.P50Ms;
                var x = relay.P50Ms / floors;
                goals.Add(new Goal($"relay mode p50 ≤ 3x the WS + HTTP floors ({client} client)",
                    F($"relay {relay.P50Ms:F3} ms; floors {ws.P50Ms:F3} + {post.P50Ms:F3} = {floors:F3} ms"), F($"{x:F2}x"), x <= 3));
            }
            if (direct is not null && ws is not null)
            {
                var x = direct.P50Ms / ws.P50Ms;
                goals.Add(new Goal($"direct via the Relay p50 ≤ 2.5x the WS floor ({client} client)",
                    F($"direct {direct.P50Ms:F3} ms; WS floor {ws.P50Ms:F3} ms"), F($"{x:F2}x"), x <= 2.5));
            }
        }
        foreach (var (label, path) in new[] { ("relay mode", PathNames.RelayMode), ("direct via the Relay", PathNames.DirectViaRelay) })
        {
            var row = r.Find(NodeClient.Name, path);
            foreach (var (shape, mcp) in new[] { ("stateless JSON", mcpJson), ("session + SSE", mcpSse) })
            {
                if (row is null || mcp is null || double.IsNaN(row.BytesPerCall) || double.IsNaN(mcp.BytesPerCall)) continue;
                var x = row.BytesPerCall / mcp.BytesPerCall;
                goals.Add(new Goal($"bytes per echo call ≤ 0.5x MCP {shape} ({label})",
                    F($"{row.BytesPerCall:F0} B vs {mcp.BytesPerCall:F0} B"), F($"{x:F2}x"), x <= 0.5));
            }
        }
        if (r.Stream is { } s)
        {
            goals.Add(new Goal($"STREAM through the Relay ≥ 200,000 frames/s over {s.Connections} connections",
                F($"{s.FramesPerSecond:N0} frames/s ({s.Frames:N0} frames, {s.Providers} provider connections in 1 process)"),
                F($"{s.FramesPerSecond / 200_000:F2}x the goal"), s.FramesPerSecond >= 200_000));
        }
        if (r.Fanout is { } f)
        {
            var x = f.Relay.P99Ms / f.Floor.P99Ms;
            goals.Add(new Goal($"Web PubSub fan-out to {f.Relay.Members:N0} members: p99 ≤ 1.1x raw Kestrel broadcast",
                F($"relay p99 {f.Relay.P99Ms:F2} ms; floor p99 {f.Floor.P99Ms:F2} ms"), F($"{x:F2}x"), x <= 1.1));
        }
        if (r.RegistryMemory is { } mem && r.RegistryRedis is { } redis)
        {
            var x = redis.P99Ms / mem.P99Ms;
            goals.Add(new Goal("Registry heartbeats on Redis: p99 ≤ 1.5x in-memory",
                F($"Redis p99 {redis.P99Ms:F2} ms; in-memory p99 {mem.P99Ms:F2} ms"), F($"{x:F2}x"), x <= 1.5));
        }
        if (r.Idle is { } idle)
        {
            var kib = idle.BytesPerConnection / 1024;
            goals.Add(new Goal($"{idle.Opened:N0} idle asp-v1 connections: < 20 KiB each (Relay RSS)",
                F($"{kib:F1} KiB per connection (RSS {idle.RssBeforeBytes / 1048576.0:F0} → {idle.RssAfterBytes / 1048576.0:F0} MiB)"),
                F($"{kib / 20:F2}x the bound"), kib < 20));
            var x = idle.With.P50Ms / idle.Without.P50Ms;
            goals.Add(new Goal($"relay-mode call p50 with {idle.Opened:N0} idle connections within 10% of without",
                F($"{idle.With.P50Ms:F3} ms vs {idle.Without.P50Ms:F3} ms"), F($"{x:F2}x"), x <= 1.1));
        }
        return goals;
    }

    private static LatencyRow? Min(LatencyRow? a, LatencyRow? b) => a is null ? b : b is null ? a : a.P50Ms <= b.P50Ms ? a : b;

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
