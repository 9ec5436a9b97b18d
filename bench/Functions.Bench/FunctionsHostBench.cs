using System.Globalization;
using System.Net.Http.Headers;
using AgentPlatform.FunctionsHost;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Functions.Bench;

/// <summary>
/// Sequential relay-mode calls (POST /invoke/echo, 256-byte input, records streamed back) three ways in one run: a bare
/// HTTP POST echo (the floor for one HTTP round trip), the in-process harness (the previous direct HTTP path), and
/// FunctionsHost with the real isolated worker in its own process (the deployable path; Azure's host adds the same hop).
/// </summary>
public static class FunctionsHostBench
{
    public static async Task<int> RunAsync(int rounds)
    {
        var payload = MsgPackValue.FromBinary(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray());
        var dataDir = Path.Combine(Path.GetTempPath(), "functions-host-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var settings = new Dictionary<string, string?>
        {
            ["AgentPlatform:DataDir"] = dataDir,
            ["Functions:Registration:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };

        var floorUrl = Url();
        var floorBuilder = WebApplication.CreateSlimBuilder();
        floorBuilder.WebHost.UseUrls(floorUrl.ToString());
        floorBuilder.Logging.ClearProviders();
        await using var floor = floorBuilder.Build();
        floor.MapPost("/echo", async (HttpContext http) =>
        {
            using var copy = new MemoryStream();
            await http.Request.Body.CopyToAsync(copy);
            await http.Response.Body.WriteAsync(copy.ToArray());
        });
        await floor.StartAsync();

        var inProcessUrl = Url();
        await using var inProcess = InProcessFunctionsApp.Build([], b =>
        {
            b.WebHost.UseUrls(inProcessUrl.ToString());
            b.Logging.ClearProviders();
            b.Configuration.AddInMemoryCollection(settings);
        });
        await inProcess.StartAsync();

        var hostUrl = Url();
        await using var host = LocalFunctionsHost.Build([], b =>
        {
            b.WebHost.UseUrls(hostUrl.ToString());
            b.Logging.ClearProviders();
            b.Configuration.AddInMemoryCollection(settings);
        });
        await host.StartAsync();
        await host.Supervisor().WaitReadyAsync(TimeSpan.FromSeconds(60));

        var results = new List<(string Name, double[] Ms)>
        {
            ("bare HTTP POST echo, 256 B (floor)", await BarePostAsync(floorUrl, payload.ToBytes(), rounds)),
            ("in-process harness: POST /invoke/echo", await FunctionsBench.FunctionsHopAsync(inProcessUrl, payload, rounds)),
            ("FunctionsHost + isolated worker: POST /invoke/echo", await FunctionsBench.FunctionsHopAsync(hostUrl, payload, rounds)),
        };
        var p50Floor = FunctionsBench.Percentile(results[0].Ms, 50);
        Console.WriteLine($"rounds={rounds} input=256 B, sequential, loopback");
        Console.WriteLine("| path | p50 ms | p99 ms | p50 vs floor |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, ms) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {FunctionsBench.Percentile(ms, 50):0.000} | {FunctionsBench.Percentile(ms, 99):0.000} | x{FunctionsBench.Percentile(ms, 50) / p50Floor:0.0} |"));
        }
        await host.StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dataDir, true); } catch (IOException) { }
        return 0;
    }

    private static Uri Url() => new("http://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture) + "/");

    private static async Task<double[]> BarePostAsync(Uri baseUrl, byte[] body, int rounds)
    {
        using var http = new HttpClient { BaseAddress = baseUrl };
        return await FunctionsBench.MeasureAsync(rounds, async () =>
        {
            using var content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } };
            using var response = await http.PostAsync("echo", content);
            await response.Content.ReadAsByteArrayAsync();
        });
    }
}
