using System.Globalization;
using AgentPlatform.AgentHost.Endpoint;
using AgentPlatform.Agents;
using AgentPlatform.Functions.Agents;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Client.Tests.AgentSocket;

/// <summary>
/// An app on a real Kestrel port serving the in-process asp-v1 endpoint with the shipped agents (the very classes
/// Functions runs in relay mode) plus the test's <see cref="TickerAgent"/>.
/// </summary>
public sealed class EndpointHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EndpointHost(WebApplication app, AgentSocketEndpoint endpoint, Uri url, TickerAgent ticker)
    {
        _app = app;
        Endpoint = endpoint;
        Url = url;
        Ticker = ticker;
    }

    public AgentSocketEndpoint Endpoint { get; }

    public Uri Url { get; }

    public TickerAgent Ticker { get; }

    public static async Task<EndpointHost> StartAsync(Action<AgentSocketEndpointOptions>? configure = null)
    {
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:" + port);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.UseWebSockets();
        var ticker = new TickerAgent();
        IAgent[] agents = [new EchoAgent(), new ConversationAgent(), new ToolsAgent(), ticker];
        var endpoint = app.MapAgentSocket("/v1/agent-socket", agents, configure);
        await app.StartAsync();
        return new EndpointHost(app, endpoint, new Uri("ws://127.0.0.1:" + port + "/v1/agent-socket"), ticker);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
