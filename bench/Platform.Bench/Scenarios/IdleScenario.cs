using System.Globalization;
using AgentPlatform.Platform.Bench.Clients;
using AgentPlatform.Platform.Bench.Composition;
using AgentPlatform.Platform.Bench.Report;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Platform.Bench.Scenarios;

/// <summary>
/// Scenario 6: many idle asp-v1 connections (HELLO done, then nothing) on the one Relay, opened from this process in
/// bounded batches. Memory per connection = growth of the Relay's RSS (/proc/&lt;pid&gt;/status VmRSS, read from
/// outside after a settle; nothing is forced inside the Relay) / connections. A relay-mode call on one more
/// connection is timed before and while they are open. Each idle socket keeps a receive pending so that it answers
/// the Relay's pings, as any live client would.
/// </summary>
public static class IdleScenario
{
    public sealed record Result(int Requested, int Opened, string ClientFdLimit, string RelayFdLimit, long RssBeforeBytes, long RssAfterBytes,
        double SettleSeconds, LatencyRow Without, LatencyRow With, long ClosedByServer)
    {
        public double BytesPerConnection => Opened == 0 ? double.NaN : (RssAfterBytes - RssBeforeBytes) / (double)Opened;
    }

    public static async Task<Result> RunAsync(BenchOptions o, ComposedPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(platform);
        var url = platform.Endpoints.AgentSocketUrl!;
        var token = platform.Endpoints.AgentSocketToken;
        var clientLimit = OpenFilesLimit();
        var wanted = o.IdleConnections;
        if (long.TryParse(clientLimit, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit < wanted + 500)
        {
            throw new InvalidOperationException($"this process may open {limit} files (ulimit -n); {wanted} idle connections need more: raise it (ulimit -n {wanted + 2000})");
        }
        using var probe = await AspSocket.OpenAsync(url, token, TimeSpan.FromSeconds(10));
        var calls = Math.Max(100, o.Calls / 2);
        var without = await ProbeAsync(probe, "relay-mode call, no idle connections", calls, o.Warmup);
        var rssBefore = platform.RssBytes("relay");
        var idle = new List<AspSocket>(wanted);
        var drains = new List<Task>(wanted);
        long closedByServer = 0;
        var closing = false;
        try
        {
            for (var opened = 0; opened < wanted; opened += o.IdleBatch)
            {
                var batch = await Task.WhenAll(Enumerable.Range(0, Math.Min(o.IdleBatch, wanted - opened))
                    .Select(_ => AspSocket.OpenAsync(url, token, TimeSpan.FromSeconds(30), bufferSize: 512)));
                foreach (var s in batch)
                {
                    idle.Add(s);
                    drains.Add(Drain(s, () => { if (!Volatile.Read(ref closing)) Interlocked.Increment(ref closedByServer); }));
                }
            }
            await Task.Delay(o.IdleSettle);
            var rssAfter = platform.RssBytes("relay");
            var with = await ProbeAsync(probe, $"relay-mode call, {idle.Count} idle connections open", calls, o.Warmup);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {idle.Count} idle: Relay RSS {rssBefore / 1048576.0:F1} → {rssAfter / 1048576.0:F1} MiB, {(rssAfter - rssBefore) / (double)idle.Count / 1024:F1} KiB per connection"));
            return new Result(wanted, idle.Count, clientLimit, platform.OpenFilesLimit("relay"), rssBefore, rssAfter, o.IdleSettle.TotalSeconds,
                without, with, Interlocked.Read(ref closedByServer));
        }
        finally
        {
            Volatile.Write(ref closing, true);
            for (var i = 0; i < idle.Count; i += o.IdleBatch) await Task.WhenAll(idle.Skip(i).Take(o.IdleBatch).Select(s => s.CloseAsync()));
            await Task.WhenAny(Task.WhenAll(drains), Task.Delay(TimeSpan.FromSeconds(10)));
            await probe.CloseAsync();
        }
    }

    private static async Task<LatencyRow> ProbeAsync(AspSocket probe, string path, int calls, int warmup)
    {
        var input = MsgPackValue.FromBinary(new byte[256]);
        var n = 0;
        var samples = await DotnetClient.MeasureAsync(calls, warmup, async () =>
        {
            await probe.SendAsync(new InvokeFrame("p" + (n++).ToString(CultureInfo.InvariantCulture), "echo", input), CancellationToken.None);
            while (true)
            {
                var (op, length) = await probe.ReceiveAsync(CancellationToken.None);
                if (op == AspOpcode.Complete) return;
                if (op == AspOpcode.Error) throw new InvalidOperationException("relay mode answered " + AspV1Protocol.Parse(probe.Last(length)));
            }
        });
        var row = LatencyRow.From(DotnetClient.BareName, path, samples, double.NaN);
        Console.WriteLine($"  {path}: p50 {row.P50Ms:F3} ms, p99 {row.P99Ms:F3} ms");
        return row;
    }

    /// <summary>Keeps one receive pending (pings get their pongs) until the socket closes; counts closes the server started.</summary>
    private static Task Drain(AspSocket socket, Action closedByServer) => Task.Run(async () =>
    {
        try
        {
            while (true) await socket.ReceiveAsync(CancellationToken.None);
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("closed by the server", StringComparison.Ordinal))
        {
            closedByServer();
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
        }
    });

    private static string OpenFilesLimit()
    {
        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        return line is null ? "?" : line["Max open files".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
    }
}
