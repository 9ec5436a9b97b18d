using System.Globalization;
using System.Text;

namespace AgentPlatform.Acp.Bench.Report;

/// <summary>The bench/README.md section of a run: what was measured, the table (Relay vs SDK AcpServer) and ratios.</summary>
public static class AcpMarkdown
{
    public static string Build(BenchOptions options, TargetResults relay, TargetResults sdk, string loadAverage)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(sdk);
        var s = new StringBuilder();
        s.Append("## Acp.Bench (ACP on the Relay vs the SDK's own AcpServer, issue 14)\n\n```\n")
            .Append("dotnet run -c Release --project bench/Acp.Bench -- ").Append(options.Quick ? "--quick " : "").Append("--write-readme\n```\n")
            .Append(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average (1/5/15 min) at start {loadAverage}")
            .Append(options.Quick ? " (--quick: small counts, a smoke run)" : "").Append(".\n\n")
            .Append("What it measures: the Release-built Relay as its own process (`dotnet AgentPlatform.Relay.dll`, configuration as shipped ")
            .Append("but for the agent socket token and one stdio agent `sdk` as `/acp`'s default), and in the same run the SDK's own ")
            .Append("`AcpServer` (`@agentclientprotocol/sdk` 2.4.0 `experimental/server` + `experimental/node`, tests/Interop/node/acp/sdk-server.mjs), ")
            .Append("both serving the same agent (tests/Interop/node/acp/stdio-agent.mjs, SDK-written, over stdio) and both driven by the same ")
            .Append("node SDK client (`acp.client` over `experimental/ws-client` / `experimental/http-client`, bench/Acp.Bench/node/client.mjs). ")
            .Append("The Relay runs one agent process shared by every client (ids remapped, sessions owned); the AcpServer's agent connector ")
            .Append("starts one agent process per client connection, the SDK's only way to serve a stdio agent.\n\n")
            .Append(CultureInfo.InvariantCulture, $"Round trip = `session/prompt` → one `agent_message_chunk` → response, {options.Calls:N0} sequential prompts after {options.Warmup:N0} not measured, one connection. ")
            .Append(CultureInfo.InvariantCulture, $"Throughput = {options.StreamClients} clients at once, each {options.StreamPrompts} prompts of `stream {options.StreamChunks}`, chunks received per second. ")
            .Append(CultureInfo.InvariantCulture, $"Memory = RSS growth (read from /proc) while idle WebSocket connections each hold one session ({relay.Idle.Sessions:N0} on the Relay, {sdk.Idle.Sessions:N0} on the AcpServer, whose every connection is an agent process), divided by that count; ")
            .Append("\"tree\" adds the server's child processes (the agents).\n\n")
            .Append("| measure | Relay | SDK AcpServer | Relay vs AcpServer |\n|---|---|---|---|\n");
        Row(s, "prompt round trip p50, WebSocket (ms)", relay.WebSocket.P50Ms, sdk.WebSocket.P50Ms, lowerIsBetter: true, "F3");
        Row(s, "prompt round trip p99, WebSocket (ms)", relay.WebSocket.P99Ms, sdk.WebSocket.P99Ms, lowerIsBetter: true, "F3");
        Row(s, "prompt round trip p50, HTTP (ms)", relay.Http.P50Ms, sdk.Http.P50Ms, lowerIsBetter: true, "F3");
        Row(s, "prompt round trip p99, HTTP (ms)", relay.Http.P99Ms, sdk.Http.P99Ms, lowerIsBetter: true, "F3");
        Row(s, "streamed chunks/s, WebSocket", relay.ChunksPerSecWebSocket, sdk.ChunksPerSecWebSocket, lowerIsBetter: false, "N0");
        Row(s, "streamed chunks/s, HTTP (SSE)", relay.ChunksPerSecHttp, sdk.ChunksPerSecHttp, lowerIsBetter: false, "N0");
        Row(s, "memory per idle session, server process (KiB)", relay.Idle.ServerPerSessionKb, sdk.Idle.ServerPerSessionKb, lowerIsBetter: true, "N1");
        Row(s, "memory per idle session, process tree (KiB)", relay.Idle.TreePerSessionKb, sdk.Idle.TreePerSessionKb, lowerIsBetter: true, "N1");
        s.Append("\nRatios are the Relay's figure over the AcpServer's (below 1 = the Relay is lower: better for times and memory, ")
            .Append("worse for throughput). Absolute figures move with the machine's load; ratios are within this run. ")
            .Append("Memory is read first, right after a short warm-up; neither server is asked to collect garbage, so a ")
            .Append("server-process delta can still be negative (a collection freed more than the idle sessions took, then the ratio ")
            .Append("is n/a); the tree figure is dominated by the AcpServer's one agent ")
            .Append("process per connection. In the streaming rows every Relay client shares one agent process, while each ")
            .Append("AcpServer client has its own.\n");
        return s.ToString();
    }

    private static void Row(StringBuilder s, string name, double relay, double sdk, bool lowerIsBetter, string format)
    {
        // A ratio of a non-positive figure (a memory delta that a collection turned negative) means nothing.
        var ratio = sdk <= 0 || relay <= 0 ? double.NaN : relay / sdk;
        var better = double.IsNaN(ratio) ? "" : (lowerIsBetter ? ratio <= 1 : ratio >= 1) ? " (Relay better)" : " (AcpServer better)";
        // Two decimals hide ratios far from 1 (memory per session can differ by thousands): those get significant digits.
        var text = double.IsNaN(ratio) ? "n/a"
            : Math.Abs(ratio) is >= 0.01 and < 100 ? "x" + ratio.ToString("F2", CultureInfo.InvariantCulture)
            : "x" + ratio.ToString("G2", CultureInfo.InvariantCulture);
        s.Append(CultureInfo.InvariantCulture, $"| {name} | {relay.ToString(format, CultureInfo.InvariantCulture)} | {sdk.ToString(format, CultureInfo.InvariantCulture)} | {text}{better} |\n");
    }
}
