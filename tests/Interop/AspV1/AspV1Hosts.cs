using AgentPlatform.Functions;
using AgentPlatform.Registry;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Interop.AspV1;

/// <summary>Registry, Functions and Relay in process on real ports, for the node asp-v1 peers to talk to.</summary>
public sealed class AspV1Hosts : IAsyncLifetime
{
    public const string SocketKey = "interop-socket-key";
    private const string RegistryKey = "interop-registry-key";
    private readonly LoopbackApps _apps = new("aspv1-interop");

    public Uri RelayUrl { get; private set; } = null!;

    public Uri SocketUrl => new UriBuilder(RelayUrl) { Scheme = "ws", Path = "/v1/agent-socket" }.Uri;

    public async ValueTask InitializeAsync()
    {
        var registry = LoopbackApps.NewUrl();
        var functions = LoopbackApps.NewUrl();
        RelayUrl = LoopbackApps.NewUrl();
        await _apps.StartAsync(RegistryApplication.Build, registry, new() { ["AgentPlatform:Keys:Registry"] = RegistryKey });
        await _apps.StartAsync(InProcessFunctionsApp.Build, functions, new()
        {
            ["services:registry:http:0"] = registry.ToString(), ["AgentPlatform:Keys:Registry"] = RegistryKey,
            ["AgentPlatform:DataDir"] = _apps.DataDir, ["Functions:Registration:PublicUrl"] = functions.ToString().TrimEnd('/'),
        });
        await _apps.StartAsync((_, c) => Relay.RelayApplication.Build(["--environment=Development"], c), RelayUrl, new()
        {
            ["services:registry:http:0"] = registry.ToString(), ["AgentPlatform:Keys:AgentSocket"] = SocketKey,
        });
        using var http = new HttpClient();
        await Eventually.TrueAsync(async () => (await http.GetAsync(new Uri(RelayUrl, "/health"))).IsSuccessStatusCode
            && (await http.GetAsync(new Uri(registry, "/v1/agents/echo"))).IsSuccessStatusCode, TimeSpan.FromSeconds(20), "echo registered");
        // The Relay's view follows the watch stream; give it the event that just landed.
        await Task.Delay(300);
    }

    public ValueTask DisposeAsync() => _apps.DisposeAsync();
}
