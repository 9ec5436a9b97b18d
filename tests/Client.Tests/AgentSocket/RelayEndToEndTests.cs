using AgentPlatform.Agents;
using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Functions;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Registry;
using AgentPlatform.Relay;
using AgentPlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;

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
        await _apps.StartAsync(InProcessFunctionsApp.Build, functions, new()
        {
            ["services:registry:http:0"] = registryUrl,
            ["AgentPlatform:Keys:Registry"] = RegistryKey,
            ["AgentPlatform:DataDir"] = _apps.DataDir,
            ["Functions:Registration:PublicUrl"] = functionsUrl,
            ["Functions:Registration:HeartbeatInterval"] = "00:00:01",
        }, b => b.Services.AddSingleton<IAgent>(_ticker));
        await _apps.StartAsync((_, c) => RelayApplication.Build(["--environment=Development"], c), relay, new()
        {
            ["services:registry:http:0"] = registryUrl,
            ["AgentPlatform:Keys:AgentSocket"] = SocketKey,
            ["AgentPlatform:Keys:Admin"] = "admin-key",
        });
        _relaySocket = new Uri(relayUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/v1/agent-socket");
    }

    public ValueTask DisposeAsync() => _apps.DisposeAsync();

    [Fact]
    public async Task Steering_reaches_a_relay_mode_function_and_a_connected_provider_through_the_relay()
    {
        await using var client = await AgentSocketClient.ConnectAsync(_relaySocket!, new AgentSocketClientOptions { Token = SocketKey },
            TestContext.Current.CancellationToken);
        // Relay mode: the Relay posts the steering to the Functions instance that runs the invocation.
        await Eventually.TrueAsync(() => AnswersAsync(client, "ticker"), TimeSpan.FromSeconds(20), "ticker registered");
        await Steering.SteerOnceAsync(client, "steer-relay");

        // Direct mode behind the Relay: a provider serves its own ticker; the Relay forwards the INTERRUPT with data.
        var providerTicker = new ProviderTicker();
        await using var provider = await AgentPlatform.AgentHost.Provider.AgentProvider.ConnectAsync(_relaySocket!, [providerTicker],
            new AgentPlatform.AgentHost.Provider.AgentProviderOptions { Token = SocketKey }, TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => AnswersAsync(client, "ticker-p"), TimeSpan.FromSeconds(20), "provider ticker routed");
        await foreach (var evt in client.InvokeAsync("ticker-p", TickerAgent.Input(40, 25), null, "steer-provider", TestContext.Current.CancellationToken))
        {
            if (evt is ChunkEvent { Seq: 0 }) await client.SteerAsync("steer-provider", MsgPackValue.Map(("turn", "right")));
            if (evt is ChunkEvent c && c.Data.Kind == MsgPackValueKind.Map) Assert.Equal("right", c.Data["steered"]["turn"].AsString());
        }
        Assert.Equal(1, providerTicker.Steered);
    }

    /// <summary>True once the Relay routes <paramref name="agent"/> (UNKNOWN_AGENT until the registration is seen).</summary>
    private static async Task<bool> AnswersAsync(AgentSocketClient client, string agent)
    {
        try
        {
            return (await client.InvokeAllAsync(agent, TickerAgent.Input(1), TestContext.Current.CancellationToken)).Count > 0;
        }
        catch (AgentSocketException ex) when (ex.Code == "UNKNOWN_AGENT")
        {
            return false;
        }
    }

    /// <summary>A ticker served by an AgentProvider: ticks, and echoes steering as <c>{steered: …}</c> chunks, counting it.</summary>
    private sealed class ProviderTicker : IAgent
    {
        private int _steered;

        public int Steered => Volatile.Read(ref _steered);

        public string Name => "ticker-p";

        public AgentDescriptor Describe() => new() { Name = Name, Capabilities = ["stream"] };

        public async ValueTask<MsgPackValue?> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken)
        {
            var count = invocation.Input["count"].AsInt64();
            var delay = (int)invocation.Input["delayMs"].AsInt64();
            for (long i = 0; i < count; i++)
            {
                await invocation.WriteChunkAsync(i, cancellationToken);
                while (invocation.Steering.TryRead(out var steered))
                {
                    Interlocked.Increment(ref _steered);
                    await invocation.WriteChunkAsync(MsgPackValue.Map(("steered", steered)), cancellationToken);
                }
                if (delay > 0) await Task.Delay(delay, cancellationToken);
            }
            return count;
        }
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
}
