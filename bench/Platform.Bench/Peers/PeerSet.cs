using System.Globalization;

namespace AgentPlatform.Platform.Bench.Peers;

/// <summary>
/// Every peer process of the run beside the platform: the Kestrel floor (this bench in <c>floor</c> mode), the node
/// floor, one MCP server process per shape, and the provider process (this bench in <c>provider</c> mode, the
/// product's AgentProvider connected to the Relay). Each is stopped by its pid on dispose.
/// </summary>
public sealed class PeerSet : IAsyncDisposable
{
    private readonly List<PeerProcess> _started = [];

    public Uri KestrelWs { get; private set; } = null!;

    public Uri KestrelPost { get; private set; } = null!;

    public Uri KestrelMember { get; private set; } = null!;

    public Uri KestrelBroadcast { get; private set; } = null!;

    public Uri NodeWs { get; private set; } = null!;

    public Uri NodePost { get; private set; } = null!;

    public Uri McpJson { get; private set; } = null!;

    public Uri McpJsonStats { get; private set; } = null!;

    public Uri McpSse { get; private set; } = null!;

    public Uri McpSseStats { get; private set; } = null!;

    /// <summary>Provider connections in the provider process.</summary>
    public int Providers { get; private set; }

    public static async Task<PeerSet> StartAsync(Uri relaySocket, string token, int providers)
    {
        var set = new PeerSet();
        try
        {
            var kestrel = await set.Add(PeerProcess.StartSelfAsync("kestrel floor", ["floor"]));
            set.KestrelWs = Url("ws", kestrel.Port("port"), "/ws");
            set.KestrelPost = Url("http", kestrel.Port("port"), "/post");
            set.KestrelMember = Url("ws", kestrel.Port("port"), "/member");
            set.KestrelBroadcast = Url("http", kestrel.Port("port"), "/broadcast");
            var node = await set.Add(PeerProcess.StartNodeAsync("node floor", "floor.mjs", []));
            set.NodeWs = Url("ws", node.Port("port"), "/ws");
            set.NodePost = Url("http", node.Port("port"), "/post");
            var json = await set.Add(PeerProcess.StartNodeAsync("mcp json", "mcp-server.mjs", ["json"]));
            set.McpJson = Url("http", json.Port("port"), "/mcp");
            set.McpJsonStats = Url("http", json.Port("statsPort"), "/bytes");
            var sse = await set.Add(PeerProcess.StartNodeAsync("mcp sse", "mcp-server.mjs", ["sse"]));
            set.McpSse = Url("http", sse.Port("port"), "/mcp");
            set.McpSseStats = Url("http", sse.Port("statsPort"), "/bytes");
            await set.Add(PeerProcess.StartSelfAsync("provider", ["provider", relaySocket.AbsoluteUri, token, providers.ToString(CultureInfo.InvariantCulture)]));
            set.Providers = providers;
            return set;
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }
    }

    private async Task<PeerProcess> Add(Task<PeerProcess> starting)
    {
        var peer = await starting;
        _started.Add(peer);
        return peer;
    }

    private static Uri Url(string scheme, int port, string path) =>
        new($"{scheme}://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{path}");

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _started) await p.DisposeAsync();
        _started.Clear();
    }
}
