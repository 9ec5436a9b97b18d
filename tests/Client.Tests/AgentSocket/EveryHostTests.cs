using AgentPlatform.AgentHost.Provider;
using AgentPlatform.Agents;
using AgentPlatform.Functions;
using AgentPlatform.Functions.Agents;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Registry;
using AgentPlatform.Relay;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Client.Tests.AgentSocket;

/// <summary>
/// What the one asp-v1 engine guarantees, checked once in each host that runs it: the Relay in relay mode (a function
/// over HTTP), the Relay in direct mode (a provider linked to it) and the in-process endpoint. The engine's own
/// tests (tests/Server.UnitTests) cover each feature in depth; these prove every host gets it.
/// </summary>
public sealed class EveryHostTests : IAsyncLifetime
{
    private const string SocketKey = "socket-key";
    private readonly LoopbackApps _apps = new("ap-every-host");
    private Uri _relay = null!;
    private EndpointHost _endpoint = null!;
    private AgentProvider _provider = null!;

    public static TheoryData<string> Hosts => ["relay mode", "direct mode through the Relay", "in-process endpoint"];

    public async ValueTask InitializeAsync()
    {
        var registry = LoopbackApps.NewUrl();
        var functions = LoopbackApps.NewUrl();
        var relay = LoopbackApps.NewUrl();
        await _apps.StartAsync(RegistryApplication.Build, registry, new() { ["AgentPlatform:Keys:Registry"] = "registry-key" });
        await _apps.StartAsync(InProcessFunctionsApp.Build, functions, new()
        {
            ["services:registry:http:0"] = registry.ToString().TrimEnd('/'),
            ["AgentPlatform:Keys:Registry"] = "registry-key",
            ["AgentPlatform:DataDir"] = _apps.DataDir,
            ["Functions:Registration:PublicUrl"] = functions.ToString().TrimEnd('/'),
        });
        await _apps.StartAsync((_, c) => RelayApplication.Build(["--environment=Development"], c), relay, new()
        {
            ["services:registry:http:0"] = registry.ToString().TrimEnd('/'),
            ["AgentPlatform:Keys:AgentSocket"] = SocketKey,
            ["AgentPlatform:Keys:Admin"] = "admin-key",
            ["Relay:Limits:MaxFrameBytes"] = "4096",
        });
        _relay = new Uri(relay.ToString().Replace("http://", "ws://", StringComparison.Ordinal) + "v1/agent-socket");
        _provider = await AgentProvider.ConnectAsync(_relay, [new Renamed("direct-echo", new EchoAgent())],
            new AgentProviderOptions { Token = SocketKey }, TestContext.Current.CancellationToken);
        _endpoint = await EndpointHost.StartAsync(o => o.MaxFrameSize = 4096);
        await Eventually.TrueAsync(async () => await AnswersAsync("relay mode") && await AnswersAsync("direct mode through the Relay"),
            TimeSpan.FromSeconds(20), "echo and direct-echo routed by the Relay");
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _endpoint.DisposeAsync();
        await _apps.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Stream_false_sends_the_whole_output_in_COMPLETE_and_no_STREAM(string host)
    {
        await using var socket = await OpenAsync(host);
        await socket.SendAsync(new InvokeFrame("whole", Agent(host), MsgPackValue.From("all at once")) { Stream = false });
        var frame = await socket.ReceiveAsync();
        var complete = Assert.IsType<CompleteFrame>(frame);
        Assert.Equal("all at once", complete.Result!.AsString());
        Assert.Equal(1UL, complete.Metrics!.Chunks);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_frame_over_the_limit_is_FRAME_TOO_LARGE_then_1009(string host)
    {
        await using var socket = await OpenAsync(host);
        await socket.SendAsync(new InvokeFrame("big", Agent(host), MsgPackValue.From(new string('x', 8192))));
        var error = Assert.IsType<ErrorFrame>(Assert.Single(await socket.UntilClosedAsync()));
        Assert.Equal(AspErrorCodes.FrameTooLarge, error.Code);
        Assert.Equal(1009, (int)socket.CloseStatus!);
    }

    [Fact]
    public async Task The_Relay_closes_its_sockets_with_1001_when_it_stops()
    {
        var relay = LoopbackApps.NewUrl();
        var app = RelayApplication.Build(["--environment=Development"], b => LoopbackApps.Configure(b, relay, new()
        {
            ["AgentPlatform:Keys:AgentSocket"] = SocketKey,
            ["AgentPlatform:Keys:Admin"] = "admin-key",
        }));
        await app.StartAsync(TestContext.Current.CancellationToken);
        await using var socket = await RawAspSocket.OpenAsync(new Uri(relay.ToString().Replace("http://", "ws://", StringComparison.Ordinal) + "v1/agent-socket"), SocketKey);
        var stopping = app.StopAsync(TestContext.Current.CancellationToken);
        Assert.Empty(await socket.UntilClosedAsync());
        Assert.Equal(1001, (int)socket.CloseStatus!);
        await stopping;
        await app.DisposeAsync();
    }

    [Fact]
    public async Task The_in_process_endpoint_closes_its_sockets_with_1001_when_its_app_stops()
    {
        var endpoint = await EndpointHost.StartAsync();
        await using var socket = await RawAspSocket.OpenAsync(endpoint.Url, null);
        var stopping = endpoint.DisposeAsync();
        Assert.Empty(await socket.UntilClosedAsync());
        Assert.Equal(1001, (int)socket.CloseStatus!);
        await stopping;
    }

    private static string Agent(string host) => host == "direct mode through the Relay" ? "direct-echo" : "echo";

    private Task<RawAspSocket> OpenAsync(string host) =>
        host == "in-process endpoint" ? RawAspSocket.OpenAsync(_endpoint.Url, null) : RawAspSocket.OpenAsync(_relay, SocketKey);

    private async Task<bool> AnswersAsync(string host)
    {
        await using var socket = await OpenAsync(host);
        await socket.SendAsync(new InvokeFrame("probe", Agent(host), MsgPackValue.Nil));
        return await socket.ReceiveAsync() is StreamFrame;
    }

    /// <summary>An agent served under another name, so a provider's echo is told apart from relay mode's.</summary>
    private sealed class Renamed(string name, IAgent inner) : IAgent
    {
        public string Name => name;

        public AgentDescriptor Describe() => inner.Describe() with { Name = name };

        public ValueTask<MsgPackValue?> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken) =>
            inner.InvokeAsync(invocation, cancellationToken);
    }
}
