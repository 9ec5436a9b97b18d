using System.Globalization;
using System.Text;

namespace AgentPlatform.Platform.Bench.Report;

/// <summary>The run as markdown: the goals table first, then one detail table per scenario (pure: no I/O).</summary>
public static class MarkdownReport
{
    public const string Title = "## Platform.Bench: the composed platform measured from outside";

    public static string Render(RunResults r, IReadOnlyList<Goal> goals)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(goals);
        var md = new StringBuilder();
        void L(FormattableString line) => md.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        L($"{Title}");
        L($"");
        L($"```");
        L($"dotnet run -c Release --project bench/Platform.Bench -- {(r.Options.Quick ? "--quick " : "")}--write-readme");
        L($"```");
        L($"Run {r.Started:yyyy-MM-dd HH:mm} UTC{(r.Options.Quick ? " (--quick: small counts, a smoke run)" : "")}, {Environment.ProcessorCount} cores, load average (1/5/15 min) at start {r.Loads.FirstOrDefault().Load}.");
        L($"");
        L($"What it measures: the Release-built AppHost started as a user starts it (`dotnet AgentPlatform.AppHost.dll --data-dir <temp> --port-base 0`; every service its own process under Aspire/DCP, telemetry and logging as shipped), driven from outside by a .NET client (this bench's process: the SDK's `AgentSocketClient` with default options, `ClientWebSocket`, `HttpClient`) and a node client (its own process: `ws` + `@msgpack/msgpack`, `node:http`, the MCP SDK client). Peers in the same run, each its own process: a Kestrel floor (this bench in `floor` mode: WebSocket echo, POST echo, raw broadcast), a node floor (`ws` echo, `node:http` POST echo), one MCP server process per shape (node SDK), and the provider process (this bench in `provider` mode: the product's `AgentProvider`, {r.Stream?.Providers ?? 4} connections to the Relay). Latency rows are {r.Options.Calls:N0} sequential calls after {r.Options.Warmup:N0} not measured (each .NET asp-v1 path is first run once, untimed, so no row pays for a fresh composition's tier-0 code), 256-byte payload (binary for asp-v1, a 256-character string for MCP). Ratios are computed within this run; absolute figures move with the machine's load.");
        L($"");
        L($"| goal | measured | ratio | met? |");
        L($"|---|---|---|---|");
        foreach (var g in goals) L($"| {g.Text} | {g.Measured} | {g.Ratio} | {(g.Met is null ? "–" : g.Met.Value ? "yes" : "**no**")} |");
        foreach (var (scenario, error) in r.Failures) L($"| {scenario} | failed: {OneLine(error)} | – | – |");
        L($"");
        if (r.Latency.Count > 0)
        {
            L($"Latency and bytes (bytes: WebSocket messages with their RFC 6455 headers and client masks, counted at the client; MCP: TCP bytes of its server's sockets, headers included; – where the client does not count them). `.NET bare socket` is the same INVOKE from this process on a `ClientWebSocket` with the protocol's codec and no SDK session: beside the `.NET` (SDK) row it separates what the client library adds from what the path costs; `.NET SDK, Reliable=false` is the SDK without a reliable session (no seq numbers, no ACK frames).");
            L($"");
            L($"| client | path | p50 ms | p99 ms | bytes/call |");
            L($"|---|---|---|---|---|");
            foreach (var row in r.Latency) L($"| {row.Client} | {row.Path} | {row.P50Ms:F3} | {row.P99Ms:F3} | {Bytes(row.BytesPerCall)} |");
            L($"");
        }
        if (r.Stream is { } s)
        {
            L($"STREAM: {s.Connections} client connections (this process) each invoke `bench-stream` once for {s.FramesPerConnection:N0} 64-byte chunks, served by {s.Providers} `AgentProvider` connections in the provider process, through the Relay: {s.Frames:N0} frames in {s.Seconds:F2} s = **{s.FramesPerSecond:N0} frames/s**.");
            L($"");
        }
        if (r.Fanout is { } f)
        {
            L($"| fan-out to {f.Relay.Members:N0} members, {f.Relay.Rounds} single publishes (publish start → frame at each member) | p50 ms | p99 ms |");
            L($"|---|---|---|");
            L($"| {f.Floor.Peer} | {f.Floor.P50Ms:F2} | {f.Floor.P99Ms:F2} |");
            L($"| {f.Relay.Peer} | {f.Relay.P50Ms:F2} | {f.Relay.P99Ms:F2} |");
            L($"");
        }
        if (r.RegistryMemory is not null || r.RegistryRedis is not null)
        {
            L($"| Registry heartbeats (Registry.Bench's runner, its own process): {r.Options.RegistryInstances:N0} instances x 1/s x {r.Options.RegistrySeconds} s, {r.Options.RegistryConnections} connections | heartbeats | p50 ms | p99 ms | p99.9 ms | 404 | errors | stale/removed | healthy at end |");
            L($"|---|---|---|---|---|---|---|---|---|");
            foreach (var g in new[] { r.RegistryMemory, r.RegistryRedis })
            {
                if (g is not null) L($"| {g.Store} | {g.Heartbeats:N0} | {g.P50Ms:F2} | {g.P99Ms:F2} | {g.P999Ms:F2} | {g.NotFound} | {g.Errors} | {g.Pruned} | {g.Healthy:N0} |");
            }
            L($"");
        }
        if (r.Idle is { } idle)
        {
            L($"Idle connections: {idle.Opened:N0} of {idle.Requested:N0} opened (HELLO done, then idle; batches of {r.Options.IdleBatch}; each keeps a receive pending so pings get pongs), closed by the server meanwhile: {idle.ClosedByServer}. Relay RSS (VmRSS from /proc, read from outside {idle.SettleSeconds:F0} s after the last connection opened; nothing forced inside the Relay) {idle.RssBeforeBytes / 1048576.0:F1} → {idle.RssAfterBytes / 1048576.0:F1} MiB = **{idle.BytesPerConnection / 1024:F1} KiB per connection**. Open-files limit: client {idle.ClientFdLimit}, Relay {idle.RelayFdLimit}. Relay-mode call on one more connection (bare asp-v1 socket): p50 {idle.Without.P50Ms:F3} → {idle.With.P50Ms:F3} ms, p99 {idle.Without.P99Ms:F3} → {idle.With.P99Ms:F3} ms.");
            L($"");
        }
        if (r.InProcess is { } ip)
        {
            L($"In-process figures of the same run (bench/Relay.Bench `{string.Join(' ', r.Options.InProcessArgs)} --json`: Relay, Functions and every peer inside one process, while no composition ran):");
            L($"");
            L($"| in-process path | p50 ms | p99 ms | bytes/call |");
            L($"|---|---|---|---|");
            foreach (var row in ip.Latency) L($"| {row.Name} | {row.P50Ms:F3} | {row.P99Ms:F3} | {Bytes(row.BytesPerCall)} |");
            foreach (var (name, fps) in ip.Stream) L($"| STREAM {name} | {fps:N0} frames/s | | |");
            L($"");
        }
        L($"Load average (1/5/15 min) through the run: {string.Join("; ", r.Loads.Select(l => $"{l.Step} {l.Load}"))}.");
        foreach (var note in r.Notes) L($"- {note}");
        return md.ToString();
    }

    private static string Bytes(double b) => double.IsNaN(b) ? "–" : b.ToString("F0", CultureInfo.InvariantCulture);

    private static string OneLine(string text)
    {
        var line = text.Split('\n')[0].Replace('|', '/');
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
