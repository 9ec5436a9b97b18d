using System.Net.WebSockets;
using AgentPlatform.AgentHost.Endpoint;
using AgentPlatform.Functions;
using AgentPlatform.Registry;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AgentPlatform.Relay.Bench;

/// <summary>
/// Every peer of the run in this one process, each on its own Kestrel port: the raw echo and, on the same app, an
/// agent runtime's asp-v1 endpoint (direct mode); Registry, Functions, Relay.
/// </summary>
public sealed class BenchHosts : IAsyncDisposable
{
    public const string SocketKey = "bench-socket-key";
    private const string RegistryKey = "bench-registry-key";
    private readonly LoopbackApps _apps = new("relay-bench");

    public Uri EchoUrl { get; private set; } = null!;

    public Uri RelaySocketUrl { get; private set; } = null!;

    /// <summary>Direct mode (the seed's Mode 1): the agent runtime serving asp-v1 itself, no Relay in between.</summary>
    public Uri RuntimeSocketUrl { get; private set; } = null!;

    public static async Task<BenchHosts> StartAsync()
    {
        var hosts = new BenchHosts();
        await hosts.InitAsync();
        return hosts;
    }

    private async Task InitAsync()
    {
        var echo = LoopbackApps.NewUrl();
        var registry = LoopbackApps.NewUrl();
        var functions = LoopbackApps.NewUrl();
        var relay = LoopbackApps.NewUrl();
        EchoUrl = new UriBuilder(echo) { Scheme = "ws", Path = "/echo" }.Uri;
        RuntimeSocketUrl = new UriBuilder(echo) { Scheme = "ws", Path = "/v1/agent-socket" }.Uri;
        RelaySocketUrl = new UriBuilder(relay) { Scheme = "ws", Path = "/v1/agent-socket" }.Uri;

        var echoBuilder = WebApplication.CreateSlimBuilder();
        LoopbackApps.Configure(echoBuilder, echo, []);
        var echoApp = echoBuilder.Build();
        echoApp.UseWebSockets();
        echoApp.Map("/echo", EchoAsync);
        echoApp.MapAgentSocket("/v1/agent-socket", BenchAgent.All);
        echoApp.MapPost("/post", PostEchoAsync);
        await _apps.StartAsync(echoApp);
        await _apps.StartAsync(RegistryApplication.Build, registry, new() { ["AgentPlatform:Keys:Registry"] = RegistryKey });
        await _apps.StartAsync(InProcessFunctionsApp.Build, functions, new()
        {
            ["services:registry:http:0"] = registry.ToString(), ["AgentPlatform:Keys:Registry"] = RegistryKey,
            ["AgentPlatform:DataDir"] = _apps.DataDir, ["Functions:Registration:PublicUrl"] = functions.ToString().TrimEnd('/'),
        });
        await _apps.StartAsync((_, c) => RelayApplication.Build(["--environment=Development"], c), relay, new()
        {
            ["services:registry:http:0"] = registry.ToString(), ["AgentPlatform:Keys:AgentSocket"] = SocketKey,
            // The bench drives far more frames per second than a client would.
            ["Relay:Limits:FramesPerSecond"] = "1000000", ["Relay:Limits:FrameBurst"] = "1000000",
        });
        using var http = new HttpClient();
        await Eventually.TrueAsync(async () => (await http.GetAsync(new Uri(registry, "/v1/agents/echo"))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(30), "echo registered");
        await Eventually.TrueAsync(async () => (await http.GetAsync(new Uri(relay, "/health"))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(30), "relay ready");
        await Task.Delay(500);
    }

    private static async Task EchoAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[1 << 16];
        while (true)
        {
            var r = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            if (r.MessageType == WebSocketMessageType.Close) break;
            await socket.SendAsync(buffer.AsMemory(0, r.Count), r.MessageType, r.EndOfMessage, CancellationToken.None);
        }
    }

    private static async Task PostEchoAsync(HttpContext context)
    {
        var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        context.Response.ContentType = "application/octet-stream";
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    /// <summary>A bare HTTP POST echo on the raw echo's app: the floor of the Relay→Functions transport.</summary>
    public Uri PostEchoUrl => new UriBuilder(EchoUrl) { Scheme = "http", Path = "/post" }.Uri;

    public ValueTask DisposeAsync() => _apps.DisposeAsync();
}
