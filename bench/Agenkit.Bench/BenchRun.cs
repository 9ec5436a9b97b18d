using System.Globalization;
using System.Text;
using AgentPlatform.AgentHost.Agenkit;

namespace AgentPlatform.Agenkit.Bench;

/// <summary>Every path on both transports, .NET and Python clients, in one run; the result as a markdown table.</summary>
public static class BenchRun
{
    private sealed record Row(string Path, string Transport, Latency Dotnet, Latency Python);

    public static async Task<string> RunAsync(BenchAgenkitHosts hosts, int calls, int warmup)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        // The forwarding path: a LocalAgent registered with the Relay over the wire, reached through the Relay.
        await using var registered = await LocalAgent.StartAsync([new BenchEchoAgent("bench-forwarded")], new LocalAgentOptions
        {
            Endpoint = "unix://" + Path.Combine(hosts.DataDir, "registered.sock"),
            Registry = hosts.RelayUnix.ToString(),
        });
        // One untimed pass over every .NET path first: the JIT's tier-up then happens before any row is timed,
        // not during the first transport's rows (which made Unix look slower than TCP).
        Console.Error.WriteLine("warming up...");
        foreach (var (echo, local, relay) in new[] { (hosts.EchoUnix, hosts.LocalUnix, hosts.RelayUnix), (hosts.EchoTcp, hosts.LocalTcp, hosts.RelayTcp) })
        {
            await DotnetBench.BareEchoAsync(echo, BenchEchoAgent.AgentName, warmup * 4, 0);
            foreach (var (endpoint, agent) in new[] { (local, BenchEchoAgent.AgentName), (relay, BenchEchoAgent.AgentName), (relay, "bench-forwarded"), (relay, "echo") })
            {
                await DotnetBench.ProcessAsync(endpoint, agent, warmup * 4, 0);
            }
        }
        var pythonCalls = Math.Max(200, calls / 2);
        var pythonWarmup = Math.Max(20, warmup / 2);
        var rows = new List<Row>();
        foreach (var (transport, echo, local, relay) in new[] { ("Unix", hosts.EchoUnix, hosts.LocalUnix, hosts.RelayUnix), ("TCP", hosts.EchoTcp, hosts.LocalTcp, hosts.RelayTcp) })
        {
            Console.Error.WriteLine($"measuring {transport}...");
            rows.Add(new("bare socket echo of the same frames (floor)", transport,
                await DotnetBench.BareEchoAsync(echo, BenchEchoAgent.AgentName, calls, warmup),
                await PythonBench.MeasureAsync(echo, BenchEchoAgent.AgentName, pythonCalls, pythonWarmup, raw: true)));
            rows.Add(new("LocalAgent (bench-echo in process)", transport,
                await DotnetBench.ProcessAsync(local, BenchEchoAgent.AgentName, calls, warmup),
                await PythonBench.MeasureAsync(local, BenchEchoAgent.AgentName, pythonCalls, pythonWarmup)));
            rows.Add(new("Relay listener -> AgentProvider (direct mode, asp-v1 hop)", transport,
                await DotnetBench.ProcessAsync(relay, BenchEchoAgent.AgentName, calls, warmup),
                await PythonBench.MeasureAsync(relay, BenchEchoAgent.AgentName, pythonCalls, pythonWarmup)));
            rows.Add(new("Relay listener -> LocalAgent registered over agenkit (forwarded)", transport,
                await DotnetBench.ProcessAsync(relay, "bench-forwarded", calls / 2, warmup / 2),
                await PythonBench.MeasureAsync(relay, "bench-forwarded", pythonCalls / 2, pythonWarmup)));
            rows.Add(new("Relay listener -> Functions echo (relay mode, HTTP hop)", transport,
                await DotnetBench.ProcessAsync(relay, "echo", calls / 2, warmup / 2),
                await PythonBench.MeasureAsync(relay, "echo", pythonCalls / 2, pythonWarmup)));
        }
        return Render(rows, calls, warmup, pythonCalls);
    }

    private static string Render(List<Row> rows, int calls, int warmup, int pythonCalls)
    {
        var text = new StringBuilder();
        var machine = $"{Environment.ProcessorCount} cores, load average {LoadAverage()}";
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Measured {DateTime.UtcNow:yyyy-MM-dd} ({machine}): sequential `process` round trips, 256-character content, one connection; .NET RemoteAgent {calls} calls after {warmup} warm-up (half for the last two paths), Python client {pythonCalls}. Times in µs; \"over echo\" is p50 minus the same transport's bare-echo p50 for the same client.");
        text.AppendLine();
        text.AppendLine("| path | transport | .NET p50 | .NET p99 | .NET over echo | Python p50 | Python p99 | Python over echo |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            var floor = rows.First(r => r.Transport == row.Transport);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Path} | {row.Transport} | {row.Dotnet.P50Us:F1} | {row.Dotnet.P99Us:F1} | {Over(row.Dotnet, floor.Dotnet, row == floor)} | {row.Python.P50Us:F1} | {row.Python.P99Us:F1} | {Over(row.Python, floor.Python, row == floor)} |");
        }
        text.AppendLine("| seed 003 §6.1 (agenkit's Python pair, its own machine) | Unix / TCP | | | ~13 / ~61 | | | |");
        return text.ToString();
    }

    private static string Over(Latency path, Latency floor, bool isFloor) =>
        isFloor ? "–" : string.Create(CultureInfo.InvariantCulture, $"{path.P50Us - floor.P50Us:+0.0;-0.0}");

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
