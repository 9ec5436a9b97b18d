using System.Globalization;
using System.Text.Json;
using AgentPlatform.Platform.Bench.Report;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Platform.Bench.Clients;

/// <summary>The node client process (node/client.mjs), started once per row; its RESULT line becomes a <see cref="LatencyRow"/>.</summary>
public static class NodeClient
{
    public const string Name = "node";

    public static async Task<LatencyRow> RunAsync(string path, IEnumerable<string> args, int calls, int warmup)
    {
        string[] all = [.. args, calls.ToString(CultureInfo.InvariantCulture), warmup.ToString(CultureInfo.InvariantCulture)];
        var (code, output) = await NodeScript.RunAsync(Path.Combine("bench", "Platform.Bench", "node", "client.mjs"), all, TimeSpan.FromMinutes(5));
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (code != 0 || line is null) throw new InvalidOperationException($"node client ({path}) exited with {code}:\n{output}");
        using var json = JsonDocument.Parse(line["RESULT ".Length..]);
        var r = json.RootElement;
        var bytes = r.GetProperty("bytesPerCall") is { ValueKind: JsonValueKind.Number } b ? b.GetDouble() : double.NaN;
        return new LatencyRow(Name, path, r.GetProperty("p50Ms").GetDouble(), r.GetProperty("p99Ms").GetDouble(), bytes);
    }
}
