using System.Globalization;
using AgentPlatform.AgentHost.Agenkit;
using AgentPlatform.AgentHost.Provider;
using AgentPlatform.Client.Agenkit;
using AgentPlatform.Functions;
using AgentPlatform.Registry;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Agenkit.Bench;

/// <summary>
/// Every peer of the run in this process: Registry, Functions and a Relay with its agenkit listener (Unix and
/// TCP), an AgentProvider serving <c>bench-echo</c> to the Relay (direct mode), LocalAgents serving it on their own
/// Unix socket and TCP port, and bare frame echoes on both transports.
/// </summary>
public sealed class BenchAgenkitHosts : IAsyncDisposable
{
    private const string SocketKey = "bench-socket-key";
    private const string RegistryKey = "bench-registry-key";
    private readonly LoopbackApps _apps = new("agenkit-bench");
    private readonly List<IAsyncDisposable> _owned = [];

    public required AgenkitEndpoint RelayUnix { get; init; }

    public required AgenkitEndpoint RelayTcp { get; init; }

    public AgenkitEndpoint LocalUnix { get; private set; } = null!;

    public AgenkitEndpoint LocalTcp { get; private set; } = null!;

    public AgenkitEndpoint EchoUnix { get; private set; } = null!;

    public AgenkitEndpoint EchoTcp { get; private set; } = null!;

    public string DataDir => _apps.DataDir;

    public static async Task<BenchAgenkitHosts> StartAsync()
    {
        var hosts = new BenchAgenkitHosts
        {
            RelayUnix = AgenkitEndpoint.Unix(Path.Combine(Path.GetTempPath(), "akb-" + Guid.NewGuid().ToString("N")[..8], "relay.sock")),
            RelayTcp = AgenkitEndpoint.Tcp("127.0.0.1", FreePort.Next()),
        };
        await hosts.InitAsync();
        return hosts;
    }

    private async Task InitAsync()
    {
        var registry = LoopbackApps.NewUrl();
        var functions = LoopbackApps.NewUrl();
        var relay = LoopbackApps.NewUrl();
        await _apps.StartAsync(RegistryApplication.Build, registry, new() { ["AgentPlatform:Keys:Registry"] = RegistryKey });
        await _apps.StartAsync(InProcessFunctionsApp.Build, functions, new()
        {
            ["services:registry:http:0"] = registry.ToString(), ["AgentPlatform:Keys:Registry"] = RegistryKey,
            ["AgentPlatform:DataDir"] = _apps.DataDir, ["Functions:Registration:PublicUrl"] = functions.ToString().TrimEnd('/'),
        });
        await _apps.StartAsync((_, c) => Relay.RelayApplication.Build(["--environment=Development"], c), relay, new()
        {
            ["services:registry:http:0"] = registry.ToString(), ["AgentPlatform:Keys:AgentSocket"] = SocketKey, ["AgentPlatform:Keys:Registry"] = RegistryKey,
            ["Relay:Limits:FramesPerSecond"] = "1000000", ["Relay:Limits:FrameBurst"] = "1000000",
            ["Relay:Agenkit:UnixSocket"] = RelayUnix.Path, ["Relay:Agenkit:TcpPort"] = RelayTcp.Port.ToString(CultureInfo.InvariantCulture),
        });
        using var http = new HttpClient();
        await Eventually.TrueAsync(async () => (await http.GetAsync(new Uri(relay, "/health"))).IsSuccessStatusCode
            && (await http.GetAsync(new Uri(registry, "/v1/agents/echo"))).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "relay ready, echo registered");
        var providerUrl = new UriBuilder(relay) { Scheme = "ws", Path = "/v1/agent-socket" }.Uri;
        _owned.Add(await AgentProvider.ConnectAsync(providerUrl, [new BenchEchoAgent()], new AgentProviderOptions { Token = SocketKey }));

        var localUnix = await LocalAgent.StartAsync([new BenchEchoAgent()], new LocalAgentOptions { Endpoint = "unix://" + Path.Combine(_apps.DataDir, "local.sock") });
        var localTcp = await LocalAgent.StartAsync([new BenchEchoAgent()], new LocalAgentOptions { Endpoint = "tcp://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture) });
        _owned.Add(localUnix);
        _owned.Add(localTcp);
        LocalUnix = localUnix.Endpoint;
        LocalTcp = localTcp.Endpoint;
        var echoUnix = new FrameEcho(AgenkitEndpoint.Unix(Path.Combine(_apps.DataDir, "echo.sock")));
        var echoTcp = new FrameEcho(AgenkitEndpoint.Tcp("127.0.0.1", FreePort.Next()));
        _owned.Add(echoUnix);
        _owned.Add(echoTcp);
        EchoUnix = echoUnix.Endpoint;
        EchoTcp = echoTcp.Endpoint;
        await Task.Delay(500);   // the Relay's directory has the provider once its HELLO is through
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned)) await owned.DisposeAsync();
        await _apps.DisposeAsync();
        var folder = Path.GetDirectoryName(RelayUnix.Path);
        if (folder is not null && Directory.Exists(folder)) Directory.Delete(folder, true);
    }
}
