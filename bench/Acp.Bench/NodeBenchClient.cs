using System.Globalization;
using System.Text.Json;
using AgentPlatform.Acp.Bench.Targets;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Acp.Bench;

/// <summary>Runs node/client.mjs (the official SDK client) against a target and reads its RESULT line.</summary>
public static class NodeBenchClient
{
    public static readonly string Script = Path.Combine("bench", "Acp.Bench", "node", "client.mjs");

    public static async Task<LatencyResult> LatencyAsync(IAcpTarget target, string transport, int calls, int warmup)
    {
        using var json = await RunAsync(target, "latency", transport, Str(calls), Str(warmup));
        var r = json.RootElement;
        return new LatencyResult(r.GetProperty("p50Ms").GetDouble(), r.GetProperty("p99Ms").GetDouble());
    }

    public static async Task<double> StreamAsync(IAcpTarget target, string transport, int clients, int prompts, int chunks)
    {
        using var json = await RunAsync(target, "stream", transport, Str(clients), Str(prompts), Str(chunks));
        return json.RootElement.GetProperty("chunksPerSec").GetDouble();
    }

    /// <summary>Starts the idle mode: the caller waits for READY, reads memory, then sends CLOSE.</summary>
    public static ChildProcess StartIdle(IAcpTarget target, int connections) =>
        NodeScript.Start(Script, ["idle", target.Url, target.Token, Str(connections)]);

    private static async Task<JsonDocument> RunAsync(IAcpTarget target, string mode, string transport, params string[] rest)
    {
        var (code, output) = await NodeScript.RunAsync(Script, [mode, target.Url, target.Token, transport, .. rest], TimeSpan.FromMinutes(10));
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (code != 0 || line is null) throw new InvalidOperationException($"node client {mode} {transport} against {target.Label} exited {code}:\n{output}");
        return JsonDocument.Parse(line["RESULT ".Length..]);
    }

    private static string Str(int n) => n.ToString(CultureInfo.InvariantCulture);
}
