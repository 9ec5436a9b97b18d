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
    private readonly LoopbackApps _apps = new("ap-client-e2e");
    private readonly TickerAgent _ticker = new();
    private Uri? _relaySocket;

    public async ValueTask InitializeAsync()
    {
        var registry = LoopbackApps.NewUrl();
        var functions = LoopbackApps.NewUrl();
        var relay = LoopbackApps.NewUrl();
        var registryUrl = registry.ToString().TrimEnd('/');
        var functionsUrl = functions.ToString().TrimEnd('/');
        var relayUrl = relay.ToString().TrimEnd('/');
        await _apps.StartAsync(RegistryApplication.Build, registry, new() { ["AgentPlatform:Keys:Registry"] = RegistryKey });
        await _apps.StartAsync(FunctionsApplication.Build, functions, new()
        {
            ["services:registry:http:0"] = registryUrl,
            ["AgentPlatform:Keys:Registry"] = RegistryKey,
            ["AgentPlatform:DataDir"] = _apps.DataDir,
            ["Functions:Registration:PublicUrl"] = functionsUrl,
            ["Functions:Registration:HeartbeatInterval"] = "00:00:01",
        }, b => b.Services.AddSingleton<IAgent>(_ticker));
        await _apps.StartAsync(RelayApplication.Build, relay, new()
        {
            ["services:registry:http:0"] = registryUrl,
            ["AgentPlatform:Keys:AgentSocket"] = SocketKey,
            ["AgentPlatform:Keys:Admin"] = "admin-key",
        });
        _relaySocket = new Uri(relayUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/v1/agent-socket");
    }

    public ValueTask DisposeAsync() => _apps.DisposeAsync();

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
}
