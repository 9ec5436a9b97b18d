using AgentPlatform.Relay;
using AgentPlatform.Server.AgentChat.Hosting;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace AgentPlatform.Interop.AgentChat;

/// <summary>
/// The AgentChat servers the node client is run against, each on a real port: the Relay's <c>/agentchat</c> and the
/// standalone engine (hosted the way <c>agentchat serve</c> hosts it: AddAgentChatServer + MapAgentChat), each under
/// both identity policies (<c>seed</c>, <c>challenge</c>).
/// </summary>
public sealed class AgentChatServers : IAsyncLifetime
{
    public const string Relay = "relay";
    public const string Engine = "engine";

    private readonly LoopbackApps _apps = new("agentchat-interop");
    private readonly Dictionary<(string Target, string Policy), Uri> _urls = [];

    /// <summary>The WebSocket URL of <paramref name="target"/> under <paramref name="policy"/> (<c>seed</c> or <c>challenge</c>).</summary>
    public Uri Url(string target, string policy) => _urls[(target, policy)];

    public async ValueTask InitializeAsync()
    {
        foreach (var policy in new[] { "seed", "challenge" })
        {
            var settings = new Dictionary<string, string?> { ["AgentChat:Identity:Policy"] = policy };

            var relay = LoopbackApps.NewUrl();
            await _apps.StartAsync(RelayApplication.Build, relay, settings);
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
