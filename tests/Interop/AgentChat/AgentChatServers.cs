using AgentPlatform.Functions;
using AgentPlatform.Registry;
using AgentPlatform.Relay;
using AgentPlatform.Server.AgentChat.Hosting;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace AgentPlatform.Interop.AgentChat;

/// <summary>
/// The AgentChat servers the node client is run against, each on a real port: the Relay's <c>/agentchat</c> and the
/// standalone engine (hosted the way <c>agentchat serve</c> hosts it: AddAgentChatServer + MapAgentChat), each under
/// both identity policies (<c>seed</c>, <c>challenge</c>). The seed-policy Relay also has a Registry and Functions
/// serving the <c>echo</c> agent, which AgentChat clients reach as the member <c>@echo</c>.
/// </summary>
public sealed class AgentChatServers : IAsyncLifetime
{
    public const string Relay = "relay";
    public const string Engine = "engine";

    /// <summary>The Relay's agent-socket token: only a connection presenting it may DM platform agents.</summary>
    public const string SocketToken = "agentchat-interop-token";

    /// <summary>The platform agent the seed-policy Relay serves as a member.</summary>
    public const string PlatformAgent = "echo";

    private const string RegistryKey = "agentchat-interop-registry-key";

    private readonly LoopbackApps _apps = new("agentchat-interop");
    private readonly Dictionary<(string Target, string Policy), Uri> _urls = [];

    /// <summary>The WebSocket URL of <paramref name="target"/> under <paramref name="policy"/> (<c>seed</c> or <c>challenge</c>).</summary>
    public Uri Url(string target, string policy) => _urls[(target, policy)];

    public async ValueTask InitializeAsync()
    {
        var registry = LoopbackApps.NewUrl();
        var functions = LoopbackApps.NewUrl();
        await _apps.StartAsync(RegistryApplication.Build, registry, new() { ["AgentPlatform:Keys:Registry"] = RegistryKey });
        await _apps.StartAsync(InProcessFunctionsApp.Build, functions, new()
        {
            ["services:registry:http:0"] = registry.ToString(), ["AgentPlatform:Keys:Registry"] = RegistryKey,
            ["AgentPlatform:DataDir"] = _apps.DataDir, ["Functions:Registration:PublicUrl"] = functions.ToString().TrimEnd('/'),
        });
        using (var http = new HttpClient())
        {
            await Eventually.TrueAsync(async () => (await http.GetAsync(new Uri(registry, "/v1/agents/" + PlatformAgent))).IsSuccessStatusCode,
                TimeSpan.FromSeconds(20), PlatformAgent + " registered");
        }
        foreach (var policy in new[] { "seed", "challenge" })
        {
            var settings = new Dictionary<string, string?> { ["AgentChat:Identity:Policy"] = policy };

            var relay = LoopbackApps.NewUrl();
            var relaySettings = new Dictionary<string, string?>(settings);
            if (policy == "seed") relaySettings["services:registry:http:0"] = registry.ToString();
            relaySettings["AgentPlatform:Keys:AgentSocket"] = SocketToken;
            await _apps.StartAsync((_, c) => RelayApplication.Build(["--environment=Development"], c), relay, relaySettings);
            _urls[(Relay, policy)] = new UriBuilder(relay) { Scheme = "ws", Path = "/agentchat" }.Uri;

            var engine = LoopbackApps.NewUrl();
            var builder = WebApplication.CreateBuilder();
            LoopbackApps.Configure(builder, engine, settings);
            builder.Services.AddAgentChatServer(builder.Configuration.GetSection("AgentChat"));
            var app = builder.Build();
            app.MapAgentChat("/");
            await _apps.StartAsync(app);
            _urls[(Engine, policy)] = new UriBuilder(engine) { Scheme = "ws", Path = "/" }.Uri;
        }
    }

    /// <summary>Runs a script of tests/Interop/node/agentchat against <paramref name="target"/>'s two servers.</summary>
    public Task<(int ExitCode, string Output)> RunAsync(string script, string target, IEnumerable<string> args, TimeSpan timeout) =>
        NodeScript.RunAsync("tests/Interop/node/agentchat/" + script,
            ["--seed", Url(target, "seed").ToString(), "--challenge", Url(target, "challenge").ToString(), .. args], timeout);

    public ValueTask DisposeAsync() => _apps.DisposeAsync();
}
