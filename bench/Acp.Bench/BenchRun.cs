using AgentPlatform.Acp.Bench.Targets;

namespace AgentPlatform.Acp.Bench;

/// <summary>The scenarios of one run, each target in turn so both see the same machine at about the same time.</summary>
public sealed class BenchRun(BenchOptions options)
{
    public async Task<IReadOnlyList<TargetResults>> RunAsync(IReadOnlyList<IAcpTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var ws = new Dictionary<IAcpTarget, LatencyResult>();
        var http = new Dictionary<IAcpTarget, LatencyResult>();
        var streamWs = new Dictionary<IAcpTarget, double>();
        var streamHttp = new Dictionary<IAcpTarget, double>();
        var idle = new Dictionary<IAcpTarget, IdleMemory>();
        foreach (var t in targets)
        {
            // Untimed first contact: the Relay starts and initializes its agent here, JIT warms up.
            await NodeBenchClient.LatencyAsync(t, "ws", 20, 20);
        }
        // Memory first, right after the warm-up: later scenarios leave garbage whose collection during the idle
        // reading would make a delta meaningless (negative), in node more than in .NET.
        foreach (var t in targets) idle[t] = await Step(t, "idle", () => IdleAsync(t));
        foreach (var t in targets) ws[t] = await Step(t, "latency ws", () => NodeBenchClient.LatencyAsync(t, "ws", options.Calls, options.Warmup));
        foreach (var t in targets) http[t] = await Step(t, "latency http", () => NodeBenchClient.LatencyAsync(t, "http", options.Calls, options.Warmup));
        foreach (var t in targets)
        {
            streamWs[t] = await Step(t, "stream ws", () => NodeBenchClient.StreamAsync(t, "ws", options.StreamClients, options.StreamPrompts, options.StreamChunks));
        }
        foreach (var t in targets)
        {
            streamHttp[t] = await Step(t, "stream http", () => NodeBenchClient.StreamAsync(t, "http", options.StreamClients, options.StreamPrompts, options.StreamChunks));
        }
        return [.. targets.Select(t => new TargetResults(t.Label, ws[t], http[t], streamWs[t], streamHttp[t], idle[t]))];
    }

    private static async Task<T> Step<T>(IAcpTarget target, string what, Func<Task<T>> run)
    {
        Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {target.Label}: {what}");
        return await run();
    }

    private async Task<IdleMemory> IdleAsync(IAcpTarget target)
    {
        // Let the connections of the previous scenarios finish closing before the baseline is read.
        await Task.Delay(options.IdleSettle);
        var serverBefore = ProcessMemory.RssBytes(target.ProcessId);
        var treeBefore = ProcessMemory.TreeRssBytes(target.ProcessId);
        var sessions = target is RelayTarget ? options.IdleSessions : options.SdkIdleSessions;
        await using var client = NodeBenchClient.StartIdle(target, sessions);
        await client.WaitForLineAsync(l => l.StartsWith("READY ", StringComparison.Ordinal), TimeSpan.FromMinutes(5));
        await Task.Delay(options.IdleSettle);
        var serverAfter = ProcessMemory.RssBytes(target.ProcessId);
        var treeAfter = ProcessMemory.TreeRssBytes(target.ProcessId);
        await client.WriteLineAsync("CLOSE");
        await client.WaitForLineAsync(l => l == "CLOSED", TimeSpan.FromSeconds(60));
        return new IdleMemory(sessions, serverAfter - serverBefore, treeAfter - treeBefore);
    }
}
