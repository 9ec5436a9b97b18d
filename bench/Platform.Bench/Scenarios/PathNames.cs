namespace AgentPlatform.Platform.Bench.Scenarios;

/// <summary>The latency rows' path names, shared by the scenarios and the goals computed from them.</summary>
public static class PathNames
{
    public const string WsFloorKestrel = "WebSocket echo floor, Kestrel process";
    public const string WsFloorNode = "WebSocket echo floor, node `ws` process";
    public const string PostFloorKestrel = "HTTP POST echo floor, Kestrel process";
    public const string PostFloorNode = "HTTP POST echo floor, node:http process";
    public const string RelayMode = "asp-v1 relay mode: Relay → Functions host → worker (`echo`)";
    public const string DirectViaRelay = "asp-v1 direct via the Relay → AgentProvider process (`bench-echo`)";
    public const string McpJson = "MCP tools/call, stateless JSON (node SDK, server process)";
    public const string McpSse = "MCP tools/call, session + SSE (node SDK default, server process)";
}
