using System.Globalization;
using AgentPlatform.AgentHost.Agenkit;
using AgentPlatform.Client.Agenkit;
using AgentPlatform.Functions;
using AgentPlatform.Functions.Agents;
using AgentPlatform.Registry;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Interop.Agenkit;

/// <summary>
/// Registry, Functions and a Relay with its agenkit listener on a Unix socket and a free TCP port, plus LocalAgents
/// serving the same echo and conversation classes on their own Unix socket and TCP port: every target the Python
/// client is run against.
/// </summary>
public sealed class AgenkitInteropHosts : IAsyncLifetime
{
    private const string RegistryKey = "interop-registry-key";

    /// <summary>The Relay's agent-socket key (tests mint platform access tokens from it).</summary>
    public const string SocketKey = "interop-socket-key";
    private readonly LoopbackApps _apps = new("agenkit-interop");
    private readonly List<LocalAgent> _locals = [];

    public static readonly TheoryData<string> Targets = ["relay-unix", "relay-tcp", "local-unix", "local-tcp"];

    public string RelayUnix { get; private set; } = "";

    public string RelayTcp { get; private set; } = "";

    public string LocalUnix { get; private set; } = "";

    public string LocalTcp { get; private set; } = "";

    public string DataDir => _apps.DataDir;

    public string Endpoint(string target) => target switch
    {
        "relay-unix" => RelayUnix,
        "relay-tcp" => RelayTcp,
        "local-unix" => LocalUnix,
        "local-tcp" => LocalTcp,
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, null),
    };

    public async ValueTask InitializeAsync()
    {
        var registry = LoopbackApps.NewUrl();
        var functions = LoopbackApps.NewUrl();
        var relay = LoopbackApps.NewUrl();
        var socket = Path.Combine(_apps.DataDir, "relay", "agenkit.sock");
        var tcpPort = FreePort.Next();
        RelayUnix = "unix://" + socket;
        RelayTcp = "tcp://127.0.0.1:" + tcpPort.ToString(CultureInfo.InvariantCulture);
        await _apps.StartAsync(RegistryApplication.Build, registry, new() { ["AgentPlatform:Keys:Registry"] = RegistryKey });
        await _apps.StartAsync(InProcessFunctionsApp.Build, functions, new()
        {
            ["services:registry:http:0"] = registry.ToString(), ["AgentPlatform:Keys:Registry"] = RegistryKey,
            ["AgentPlatform:DataDir"] = _apps.DataDir, ["Functions:Registration:PublicUrl"] = functions.ToString().TrimEnd('/'),
        });
        await _apps.StartAsync((_, c) => Relay.RelayApplication.Build(["--environment=Development"], c), relay, new()
        {
            ["services:registry:http:0"] = registry.ToString(), ["AgentPlatform:Keys:AgentSocket"] = SocketKey,
            ["AgentPlatform:Keys:Registry"] = RegistryKey,
            ["Relay:Agenkit:UnixSocket"] = socket, ["Relay:Agenkit:TcpPort"] = tcpPort.ToString(CultureInfo.InvariantCulture),
        });
        using var http = new HttpClient();
        await Eventually.TrueAsync(async () => (await http.GetAsync(new Uri(relay, "/health"))).IsSuccessStatusCode
            && (await http.GetAsync(new Uri(registry, "/v1/agents/echo"))).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "echo registered");
        // The Relay's directory follows the watch stream: poll until echo answers over agenkit instead of AGENT_NOT_FOUND.
        await using (var echo = new RemoteAgent("echo", RelayTcp, new RemoteAgentOptions { MaxAttempts = 1, Timeout = TimeSpan.FromSeconds(5) }))
        {
            await Eventually.TrueAsync(async () =>
            {
                try
                {
                    await echo.ProcessAsync("ready?");
                    return true;
                }
                catch (AgenkitRemoteException ex) when (ex.Code == Protocol.Agenkit.AgenkitErrorCodes.AgentNotFound)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(30), "echo reachable through the Relay's agenkit listener");
        }

        LocalUnix = await StartLocalAsync("unix://" + Path.Combine(_apps.DataDir, "local", "agent.sock"));
        LocalTcp = await StartLocalAsync("tcp://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture));
    }

    private async Task<string> StartLocalAsync(string endpoint)
    {
        var local = await LocalAgent.StartAsync([new EchoAgent(), new ConversationAgent()], new LocalAgentOptions { Endpoint = endpoint });
        _locals.Add(local);
        return local.Endpoint.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var local in _locals) await local.DisposeAsync();
        await _apps.DisposeAsync();
    }
}
