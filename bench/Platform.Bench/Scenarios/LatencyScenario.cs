using AgentPlatform.Platform.Bench.Clients;
using AgentPlatform.Platform.Bench.Composition;
using AgentPlatform.Platform.Bench.Peers;
using AgentPlatform.Platform.Bench.Report;
using AgentPlatform.Relay.Bench;

namespace AgentPlatform.Platform.Bench.Scenarios;

/// <summary>
/// Scenarios 1 and 2: sequential 256-byte calls from the .NET client (this process) and the node client (its own
/// process), against the floors (a Kestrel process, a node process), relay mode, direct mode through the Relay to the
/// provider process, and MCP (server in its own node process, both shapes). Bytes per call where the client counts them.
/// </summary>
public static class LatencyScenario
{
    public static async Task<List<LatencyRow>> RunAsync(BenchOptions o, ComposedPlatform platform, PeerSet peers)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(peers);
        var relay = platform.Endpoints.AgentSocketUrl ?? throw new InvalidOperationException("endpoints.json has no agentSocket url");
        var token = platform.Endpoints.AgentSocketToken;
        var rows = new List<LatencyRow>();
        async Task Add(Task<LatencyRow> row)
        {
            var r = await row;
            Console.WriteLine($"  {r.Client,-5} {r.Path}: p50 {r.P50Ms:F3} ms, p99 {r.P99Ms:F3} ms");
            rows.Add(r);
        }
        int n = o.Calls, w = o.Warmup;
        // A fresh composition runs tier-0 code for its first thousands of calls while the JIT promotes methods in the
        // background: every asp-v1 path is exercised once before any is timed, so that no row pays for the ones after it
        // (without this pass the first row, the SDK's default reliable session, measured 1.8 ms above the same path
        // with Reliable=false timed after it).
        foreach (var reliable in new[] { true, false })
        {
            await DotnetClient.SdkInvokeAsync(PathNames.RelayMode, relay, token, "echo", n, w, reliable: reliable);
            await DotnetClient.SdkInvokeAsync(PathNames.DirectViaRelay, relay, token, BenchAgent.Echo, n, w, reliable: reliable);
        }
        await Add(DotnetClient.WebSocketEchoAsync(PathNames.WsFloorKestrel, peers.KestrelWs, n, w));
        await Add(DotnetClient.WebSocketEchoAsync(PathNames.WsFloorNode, peers.NodeWs, n, w));
        await Add(DotnetClient.PostEchoAsync(PathNames.PostFloorKestrel, peers.KestrelPost, n, w));
        await Add(DotnetClient.PostEchoAsync(PathNames.PostFloorNode, peers.NodePost, n, w));
        await Add(DotnetClient.SdkInvokeAsync(PathNames.RelayMode, relay, token, "echo", n, w));
        await Add(DotnetClient.SdkInvokeAsync(PathNames.DirectViaRelay, relay, token, BenchAgent.Echo, n, w));
        await Add(DotnetClient.SdkInvokeAsync(PathNames.RelayMode, relay, token, "echo", n, w, reliable: false));
        await Add(DotnetClient.SdkInvokeAsync(PathNames.DirectViaRelay, relay, token, BenchAgent.Echo, n, w, reliable: false));
        await Add(DotnetClient.BareInvokeAsync(PathNames.RelayMode, relay, token, "echo", n, w));
        await Add(DotnetClient.BareInvokeAsync(PathNames.DirectViaRelay, relay, token, BenchAgent.Echo, n, w));
        await Add(NodeClient.RunAsync(PathNames.WsFloorKestrel, ["ws", peers.KestrelWs.AbsoluteUri], n, w));
        await Add(NodeClient.RunAsync(PathNames.WsFloorNode, ["ws", peers.NodeWs.AbsoluteUri], n, w));
        await Add(NodeClient.RunAsync(PathNames.PostFloorKestrel, ["post", peers.KestrelPost.AbsoluteUri], n, w));
        await Add(NodeClient.RunAsync(PathNames.PostFloorNode, ["post", peers.NodePost.AbsoluteUri], n, w));
        await Add(NodeClient.RunAsync(PathNames.RelayMode, ["asp", relay.AbsoluteUri, token, "echo"], n, w));
        await Add(NodeClient.RunAsync(PathNames.DirectViaRelay, ["asp", relay.AbsoluteUri, token, BenchAgent.Echo], n, w));
        await Add(NodeClient.RunAsync(PathNames.McpJson, ["mcp", peers.McpJson.AbsoluteUri, peers.McpJsonStats.AbsoluteUri], n, w));
        await Add(NodeClient.RunAsync(PathNames.McpSse, ["mcp", peers.McpSse.AbsoluteUri, peers.McpSseStats.AbsoluteUri], n, w));
        return rows;
    }
}
