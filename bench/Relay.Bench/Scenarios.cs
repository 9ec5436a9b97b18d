using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Relay.Bench;

/// <summary>The scenarios of the run: sequential round trips with a 256-byte payload, and STREAM throughput.</summary>
public static class Scenarios
{
    public static async Task<LatencyStats> RawEchoAsync(BenchHosts hosts, int calls, int warmup)
    {
        using var socket = await BenchSocket.ConnectAsync(hosts.EchoUrl, null, subprotocol: null);
        var payload = new byte[256];
        return await MeasureAsync("raw Kestrel WebSocket echo (floor)", socket, calls, warmup, async () =>
        {
            await socket.SendRawAsync(payload);
            await socket.ReceiveRawAsync();
        });
    }

    public static async Task<LatencyStats> DirectAsync(BenchHosts hosts, int calls, int warmup)
    {
        using var provider = await BenchProvider.StartAsync(hosts.RelaySocketUrl, BenchHosts.SocketKey, "bench-echo");
        using var socket = await OpenClientAsync(hosts);
        var input = MsgPackValue.FromBinary(new byte[256]);
        var n = 0;
        return await MeasureAsync("asp-v1 direct INVOKE->COMPLETE", socket, calls, warmup, async () =>
        {
            await socket.SendAsync(new InvokeFrame("d" + (n++).ToString(CultureInfo.InvariantCulture), "bench-echo", input));
            if (await socket.ReceiveOpcodeAsync() != AspOpcode.Complete) throw new InvalidOperationException("expected COMPLETE");
        });
    }

    public static async Task<LatencyStats> RelayModeAsync(BenchHosts hosts, int calls, int warmup)
    {
        using var socket = await OpenClientAsync(hosts);
        var input = MsgPackValue.FromBinary(new byte[256]);
        var n = 0;
        return await MeasureAsync("asp-v1 relay mode via Functions (echo)", socket, calls, warmup, async () =>
        {
            await socket.SendAsync(new InvokeFrame("r" + (n++).ToString(CultureInfo.InvariantCulture), "echo", input));
            while (await socket.ReceiveOpcodeAsync() is var op && op != AspOpcode.Complete)
            {
                if (op == AspOpcode.Error) throw new InvalidOperationException("relay mode answered ERROR");
            }
        });
    }

    public static async Task<LatencyStats> McpAsync(int calls, int warmup)
    {
        var (code, output) = await NodeScript.RunAsync("bench/Relay.Bench/node/mcp-bench.mjs",
            [calls.ToString(CultureInfo.InvariantCulture), warmup.ToString(CultureInfo.InvariantCulture), "256"], TimeSpan.FromMinutes(5));
        if (code != 0) throw new InvalidOperationException("MCP bench failed: " + output);
        using var json = JsonDocument.Parse(output.Split('\n').Last(l => l.StartsWith('{')));
        var r = json.RootElement;
        return new LatencyStats("MCP Streamable HTTP tools/call (node SDK)", r.GetProperty("p50Ms").GetDouble(),
            r.GetProperty("p99Ms").GetDouble(), r.GetProperty("bytesPerCall").GetDouble());
    }

    /// <summary>STREAM frames per second through the Relay (direct mode), aggregated over <paramref name="connections"/> clients.</summary>
    public static async Task<double> StreamThroughputAsync(BenchHosts hosts, int connections, int framesPerConnection, int providers)
    {
        var providerSockets = new List<BenchSocket>();
        for (var i = 0; i < providers; i++) providerSockets.Add(await BenchProvider.StartAsync(hosts.RelaySocketUrl, BenchHosts.SocketKey, "bench-stream"));
        var clients = new List<BenchSocket>();
        for (var i = 0; i < connections; i++) clients.Add(await OpenClientAsync(hosts));
        try
        {
            var sw = Stopwatch.StartNew();
            var counts = await Task.WhenAll(clients.Select(async (c, i) =>
            {
                await c.SendAsync(new InvokeFrame("s" + i.ToString(CultureInfo.InvariantCulture), "bench-stream", MsgPackValue.From(framesPerConnection)));
                var frames = 0;
                while (true)
                {
                    var op = await c.ReceiveOpcodeAsync();
                    if (op == AspOpcode.Stream) frames++;
                    else if (op == AspOpcode.Complete) return frames;
                    else throw new InvalidOperationException("unexpected " + op);
                }
            }));
            sw.Stop();
            return counts.Sum() / sw.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var s in clients.Concat(providerSockets)) s.Dispose();
        }
    }

    private static async Task<BenchSocket> OpenClientAsync(BenchHosts hosts)
    {
        var socket = await BenchSocket.ConnectAsync(hosts.RelaySocketUrl, BenchHosts.SocketKey);
        await socket.SendAsync(new ClientHelloFrame(1, ["stream"]));
        if (await socket.ReceiveAsync() is not ServerHelloFrame) throw new InvalidOperationException("no HELLO");
        return socket;
    }

    private static async Task<LatencyStats> MeasureAsync(string name, BenchSocket socket, int calls, int warmup, Func<Task> call)
    {
        for (var i = 0; i < warmup; i++) await call();
        var before = socket.WireBytes;
        var samples = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            await call();
            samples.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        return LatencyStats.From(name, samples, (socket.WireBytes - before) / (double)calls);
    }
}
