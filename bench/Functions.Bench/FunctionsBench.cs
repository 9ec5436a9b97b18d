using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using AgentPlatform.AgentHost.Endpoint;
using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Functions.Agents;
using AgentPlatform.Functions.Contexts;
using AgentPlatform.Protocol.Functions;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Functions.Bench;

/// <summary>
/// Sequential round trips with a 256-byte payload, side by side: a raw Kestrel WebSocket echo (the floor), the SDK
/// against an in-process asp-v1 endpoint (direct mode, echo agent), and the Relay→Functions hop alone
/// (POST /invoke/echo, streamed records), plus the SQLite context store's load+save cycle.
/// </summary>
public static class FunctionsBench
{
    public static async Task<int> RunAsync(int rounds)
    {
        var payload = MsgPackValue.FromBinary(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray());
        var dataDir = Path.Combine(Path.GetTempPath(), "functions-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:" + port);
        builder.Logging.ClearProviders();
        await using var host = builder.Build();
        host.UseWebSockets();
        host.Map("/raw", RawEchoAsync);
        host.MapAgentSocket("/v1/agent-socket", [new EchoAgent()]);
        await host.StartAsync();

        var functionsUrl = "http://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture);
        await using var functions = InProcessFunctionsApp.Build([], b =>
        {
            b.WebHost.UseUrls(functionsUrl);
            b.Logging.ClearProviders();
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AgentPlatform:DataDir"] = dataDir,
                ["Functions:Registration:Enabled"] = "false",
            });
        });
        await functions.StartAsync();

        var results = new List<(string Name, double[] Ms)>
        {
            ("raw Kestrel WebSocket echo (floor)", await RawAsync(new Uri("ws://127.0.0.1:" + port + "/raw"), payload.ToBytes(), rounds)),
            ("asp-v1 direct: SDK -> in-process endpoint, echo INVOKE->COMPLETE", await DirectAsync(new Uri("ws://127.0.0.1:" + port + "/v1/agent-socket"), payload, rounds)),
            ("relay-mode hop: POST /invoke/echo -> chunk + result records", await FunctionsHopAsync(new Uri(functionsUrl), payload, rounds)),
            ("SQLite context store: load + save (one session)", await StoreAsync(Path.Combine(dataDir, "bench.db"), payload, rounds)),
        };
        var floor = Percentile(results[0].Ms, 50);
        Console.WriteLine($"rounds={rounds} payload=256 B, sequential, loopback");
        Console.WriteLine("| path | p50 ms | p99 ms | p50 vs floor |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, ms) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {Percentile(ms, 50):0.000} | {Percentile(ms, 99):0.000} | x{Percentile(ms, 50) / floor:0.0} |"));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dataDir, true); } catch (IOException) { }
        return 0;
    }

    private static async Task RawEchoAsync(HttpContext http)
    {
        using var ws = await http.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var r = await ws.ReceiveAsync(buffer, CancellationToken.None);
            if (r.MessageType == WebSocketMessageType.Close) return;
            await ws.SendAsync(buffer.AsMemory(0, r.Count), WebSocketMessageType.Binary, true, CancellationToken.None);
        }
    }

    private static async Task<double[]> RawAsync(Uri url, byte[] payload, int rounds)
    {
        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(url, CancellationToken.None);
        var buffer = new byte[64 * 1024];
        return await MeasureAsync(rounds, async () =>
        {
            await ws.SendAsync(payload, WebSocketMessageType.Binary, true, CancellationToken.None);
            await ws.ReceiveAsync(buffer, CancellationToken.None);
        });
    }

    private static async Task<double[]> DirectAsync(Uri url, MsgPackValue payload, int rounds)
    {
        await using var client = await AgentSocketClient.ConnectAsync(url);
        return await MeasureAsync(rounds, async () =>
        {
            await foreach (var _ in client.InvokeAsync("echo", payload))
            {
            }
        });
    }

    internal static async Task<double[]> FunctionsHopAsync(Uri baseUrl, MsgPackValue payload, int rounds)
    {
        using var http = new HttpClient { BaseAddress = baseUrl };
        var n = 0;
        return await MeasureAsync(rounds, async () =>
        {
            var body = new InvokeRequestBody("bench", "s" + (n++ % 64).ToString(CultureInfo.InvariantCulture), "1", payload).ToBytes();
            using var content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue(InvokeRequestBody.ContentType) } };
            using var response = await http.PostAsync("invoke/echo", content);
            var reader = PipeReader.Create(await response.Content.ReadAsStreamAsync());
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                var ended = false;
                while (FunctionRecordReader.TryParse(ref buffer, out var record)) ended |= record is ResultRecord or ErrorRecord;
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (ended || result.IsCompleted) break;
            }
            await reader.CompleteAsync();
        });
    }

    private static async Task<double[]> StoreAsync(string path, MsgPackValue payload, int rounds)
    {
        var store = new SqliteContextStore(path);
        var bytes = payload.ToBytes();
        return await MeasureAsync(rounds, async () =>
        {
            var loaded = await store.LoadAsync("bench/s", CancellationToken.None);
            if (!await store.TrySaveAsync("bench/s", loaded.Version, bytes, CancellationToken.None)) throw new InvalidOperationException("conflict");
        });
    }

    internal static async Task<double[]> MeasureAsync(int rounds, Func<Task> roundTrip)
    {
        for (var i = 0; i < Math.Min(200, rounds); i++) await roundTrip();
        var ms = new double[rounds];
        for (var i = 0; i < rounds; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await roundTrip();
            ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return ms;
    }

    internal static double Percentile(double[] values, int p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1)];
    }
}
