using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AgentPlatform.AgentHost.Provider;
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

    /// <summary>One HttpClient POST of the payload to Kestrel and its echoed body: what relay mode's HTTP hop costs at least.</summary>
    public static async Task<LatencyStats> PostEchoAsync(BenchHosts hosts, int calls, int warmup)
    {
        using var http = new HttpClient();
        var payload = new byte[256];
        async Task Call()
        {
            using var response = await http.PostAsync(hosts.PostEchoUrl, new ByteArrayContent(payload));
            if ((await response.Content.ReadAsByteArrayAsync()).Length != payload.Length) throw new InvalidOperationException("bad echo");
        }
        for (var i = 0; i < warmup; i++) await Call();
        var samples = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            await Call();
            samples.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        return LatencyStats.From("bare HTTP POST echo, HttpClient -> Kestrel (relay-mode hop floor)", samples, double.NaN);
    }

    /// <summary>Direct mode as the seed draws it: client to the agent runtime's own asp-v1 endpoint.</summary>
    public static Task<LatencyStats> DirectAsync(BenchHosts hosts, int calls, int warmup) =>
        EchoInvokeAsync("asp-v1 direct: client -> agent runtime", hosts.RuntimeSocketUrl, null, calls, warmup);

    /// <summary>Direct mode routed by the Relay: client to Relay to an AgentProvider connected to it.</summary>
    public static async Task<LatencyStats> ViaRelayToProviderAsync(BenchHosts hosts, int calls, int warmup)
    {
        await using var provider = await AgentProvider.ConnectAsync(hosts.RelaySocketUrl, BenchAgent.All, new AgentProviderOptions { Token = BenchHosts.SocketKey });
        return await EchoInvokeAsync("asp-v1 via Relay -> AgentProvider", hosts.RelaySocketUrl, BenchHosts.SocketKey, calls, warmup);
    }

    private static async Task<LatencyStats> EchoInvokeAsync(string name, Uri url, string? token, int calls, int warmup)
    {
        using var socket = await OpenClientAsync(url, token);
        var input = MsgPackValue.FromBinary(new byte[256]);
        var n = 0;
        return await MeasureAsync(name, socket, calls, warmup, async () =>
        {
            await socket.SendAsync(new InvokeFrame("d" + (n++).ToString(CultureInfo.InvariantCulture), BenchAgent.Echo, input));
            if (await socket.ReceiveOpcodeAsync() is var op && op != AspOpcode.Complete) throw new InvalidOperationException("expected COMPLETE, got " + op);
        });
    }

    public static async Task<LatencyStats> RelayModeAsync(BenchHosts hosts, int calls, int warmup)
    {
        using var socket = await OpenClientAsync(hosts.RelaySocketUrl, BenchHosts.SocketKey);
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

    /// <summary>MCP in node: <paramref name="mode"/> <c>json</c> (stateless, JSON bodies) or <c>sse</c> (session, SSE responses).</summary>
    public static async Task<LatencyStats> McpAsync(string mode, string name, int calls, int warmup)
    {
        var (code, output) = await NodeScript.RunAsync("bench/Relay.Bench/node/mcp-bench.mjs",
            [calls.ToString(CultureInfo.InvariantCulture), warmup.ToString(CultureInfo.InvariantCulture), "256", mode], TimeSpan.FromMinutes(5));
        if (code != 0) throw new InvalidOperationException("MCP bench failed: " + output);
        using var json = JsonDocument.Parse(output.Split('\n').Last(l => l.StartsWith('{')));
        var r = json.RootElement;
        return new LatencyStats(name, r.GetProperty("p50Ms").GetDouble(),
            r.GetProperty("p99Ms").GetDouble(), r.GetProperty("bytesPerCall").GetDouble());
    }

    /// <summary>
    /// STREAM frames per second aggregated over <paramref name="connections"/> clients, each invoking
    /// <c>bench-stream</c> once at <paramref name="url"/> (the runtime itself, or the Relay in front of providers).
    /// </summary>
    public static async Task<double> StreamThroughputAsync(Uri url, string? token, int connections, int framesPerConnection)
    {
        var clients = new List<BenchSocket>();
        for (var i = 0; i < connections; i++) clients.Add(await OpenClientAsync(url, token));
        try
        {
            var sw = Stopwatch.StartNew();
            var counts = await Task.WhenAll(clients.Select(async (c, i) =>
            {
                await c.SendAsync(new InvokeFrame("s" + i.ToString(CultureInfo.InvariantCulture), BenchAgent.Stream, MsgPackValue.From(framesPerConnection)));
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
            if (counts.Any(c => c != framesPerConnection)) throw new InvalidOperationException("frames were lost");
            return counts.Sum() / sw.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var s in clients) s.Dispose();
        }
    }

    /// <summary>The same through the Relay, served by <paramref name="providers"/> AgentProviders connected to it.</summary>
    public static async Task<double> StreamThroughputViaRelayAsync(BenchHosts hosts, int connections, int framesPerConnection, int providers)
    {
        var connected = new List<AgentProvider>();
        try
        {
            for (var i = 0; i < providers; i++)
            {
                connected.Add(await AgentProvider.ConnectAsync(hosts.RelaySocketUrl, BenchAgent.All, new AgentProviderOptions { Token = BenchHosts.SocketKey }));
            }
            return await StreamThroughputAsync(hosts.RelaySocketUrl, BenchHosts.SocketKey, connections, framesPerConnection);
        }
        finally
        {
            foreach (var p in connected) await p.DisposeAsync();
        }
    }

    private static async Task<BenchSocket> OpenClientAsync(Uri url, string? token)
    {
        var socket = await BenchSocket.ConnectAsync(url, token);
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
