using System.Globalization;
using AgentPlatform.Client.Agents;
using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Functions;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Registry;
using AgentPlatform.Relay;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Client.Tests.AgentSocket;

/// <summary>The SDK against the real Relay, with the real Registry and Functions behind it (relay mode end to end).</summary>
public sealed class RelayEndToEndTests : IAsyncLifetime
{
    private const string RegistryKey = "registry-key";
    private const string SocketKey = "socket-key";
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "ap-client-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<WebApplication> _apps = [];
    private readonly TickerAgent _ticker = new();
    private Uri? _relaySocket;

    public async ValueTask InitializeAsync()
    {
        var registryUrl = Url();
        var functionsUrl = Url();
        var relayUrl = Url();
        await StartAsync(RegistryApplication.Build([], b => Configure(b, registryUrl, new() { ["AgentPlatform:Keys:Registry"] = RegistryKey })));
        await StartAsync(FunctionsApplication.Build([], b =>
        {
            Configure(b, functionsUrl, new()
            {
                ["services:registry:http:0"] = registryUrl,
                ["AgentPlatform:Keys:Registry"] = RegistryKey,
                ["AgentPlatform:DataDir"] = _dataDir,
                ["Functions:Registration:PublicUrl"] = functionsUrl,
                ["Functions:Registration:HeartbeatInterval"] = "00:00:01",
            });
            b.Services.AddSingleton<IAgent>(_ticker);
        }));
        await StartAsync(RelayApplication.Build([], b => Configure(b, relayUrl, new()
        {
            ["services:registry:http:0"] = registryUrl,
            ["AgentPlatform:Keys:AgentSocket"] = SocketKey,
            ["AgentPlatform:Keys:Admin"] = "admin-key",
        })));
        _relaySocket = new Uri(relayUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/v1/agent-socket");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in Enumerable.Reverse(_apps))
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Conversation_tools_and_a_resumed_stream_work_through_the_relay()
    {
        await using var client = await AgentSocketClient.ConnectAsync(_relaySocket!, new AgentSocketClientOptions
        {
            Token = SocketKey,
            OnRequest = (_, _) => ValueTask.FromResult(MsgPackValue.From("Ada")),
        }, TestContext.Current.CancellationToken);

        // The Relay learns the agents from the Registry's watch stream; wait until echo routes.
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await client.InvokeAllAsync("echo", 1, TestContext.Current.CancellationToken);
                return true;
            }
            catch (AgentSocketException ex) when (ex.Code == "UNKNOWN_AGENT")
            {
                return false;
            }
        }, TimeSpan.FromSeconds(20), "echo routable through the relay");

        await client.InvokeAllAsync("conversation", "one", TestContext.Current.CancellationToken);
        var turn = await client.InvokeAllAsync("conversation", "two", TestContext.Current.CancellationToken);
        Assert.Equal(2, ((ChunkEvent)turn[0]).Data["turn"].AsInt64());

        var tools = await client.InvokeAllAsync("tools", "go", TestContext.Current.CancellationToken);
        Assert.Equal("Hello, Ada!", tools.OfType<ChunkEvent>().Single().Data.AsString());
        Assert.Single(tools.OfType<ToolsEvent>());

        var seen = new List<long>();
        await foreach (var evt in client.InvokeAsync("ticker", TickerAgent.Input(200, 2), TestContext.Current.CancellationToken))
        {
            if (evt is not ChunkEvent chunk) continue;
            seen.Add(chunk.Data.AsInt64());
            if (seen.Count == 40) client.AbortConnection();
        }
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), seen);
        Assert.True(client.Reconnects >= 1);
    }

    private async Task StartAsync(WebApplication app)
    {
        _apps.Add(app);
        await app.StartAsync();
    }

    private static string Url() => "http://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture);

    private static void Configure(WebApplicationBuilder builder, string url, Dictionary<string, string?> settings)
    {
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
    }
}
