using System.Diagnostics;
using AgentPlatform.FunctionsHost.Tests.Support;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Registry;
using AgentPlatform.Relay;
using AgentPlatform.Relay.Routing;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.FunctionsHost.Tests.Relay;

/// <summary>
/// Relay mode end to end on the deployable path: an asp-v1 client → the Relay → FunctionsHost → the Functions worker,
/// with the Registry between them as in the composition (the worker registers the host's address).
/// </summary>
public sealed class RelayThroughWorkerTests : IAsyncLifetime
{
    private const string SocketKey = "socket-key-for-tests";
    private const string RegistryKey = "registry-key-for-tests";

    private readonly LoopbackApps _apps = new("fh-relay");
    private PacedChatServer _chat = null!;
    private HostedFunctions _functions = null!;
    private Uri _relayUrl = null!;
    private WebApplication _relay = null!;

    public async ValueTask InitializeAsync()
    {
        _chat = await PacedChatServer.StartAsync();
        var registryUrl = LoopbackApps.NewUrl();
        await _apps.StartAsync(RegistryApplication.Build, registryUrl, new() { ["AgentPlatform:Keys:Registry"] = RegistryKey });
        var settings = FunctionsWorkerHost.Settings(_apps.DataDir, _chat.Url);
        settings["Functions:Registration:Enabled"] = "true";
        settings["services:registry:http:0"] = registryUrl.ToString();
        settings["AgentPlatform:Keys:Registry"] = RegistryKey;
        settings["AgentPlatform:Keys:AgentSocket"] = SocketKey;
        _functions = await HostedFunctions.StartAsync(HostedFunctions.FunctionsWorkerPath, settings);
        _relayUrl = LoopbackApps.NewUrl();
        _relay = RelayApplication.Build(["--environment=Development"], b => LoopbackApps.Configure(b, _relayUrl, new()
        {
            ["services:registry:http:0"] = registryUrl.ToString(),
            ["AgentPlatform:Keys:AgentSocket"] = SocketKey,
            ["AgentPlatform:Keys:Admin"] = "admin-key-for-tests",
        }));
        await _apps.StartAsync(_relay);
        await Eventually.TrueAsync(() => _relay.Services.GetRequiredService<AgentDirectory>().Resolve("llm") is not null,
            TimeSpan.FromSeconds(30), "the worker's agents are routable through the Registry");
    }

    public async ValueTask DisposeAsync()
    {
        await _apps.DisposeAsync();
        await _functions.DisposeAsync();
        await _chat.DisposeAsync();
    }

    [Fact]
    public async Task Invoke_streams_and_completes_and_chunks_100_ms_apart_reach_the_client_100_ms_apart()
    {
        await using var client = await AspClient.ConnectAsync(_relayUrl, SocketKey);
        await client.SendAsync(new InvokeFrame("e1", "echo", "hello"));
        Assert.Equal("hello", Assert.IsType<StreamFrame>(await client.ReceiveAsync()).Data.AsString());
        Assert.Equal("e1", Assert.IsType<CompleteFrame>(await client.ReceiveAsync()).Id);

        await client.SendAsync(new InvokeFrame("l1", "llm", "pace me"));
        var clock = Stopwatch.StartNew();
        var arrivals = new List<double>();
        while (await client.ReceiveAsync() is StreamFrame stream)
        {
            Assert.Equal((ulong)arrivals.Count, stream.Seq);
            arrivals.Add(clock.Elapsed.TotalMilliseconds);
        }
        Assert.Equal(6, arrivals.Count);
        Pacing.AssertPaced(arrivals, 100);
    }

    [Fact]
    public async Task A_worker_killed_mid_invocation_gives_a_retryable_FUNCTION_UNAVAILABLE_and_the_next_invoke_works()
    {
        await using var client = await AspClient.ConnectAsync(_relayUrl, SocketKey);
        var before = _functions.Supervisor.Current;
        var abortedBefore = _chat.Aborted;
        await client.SendAsync(new InvokeFrame("k1", "llm", "stall"));
        // The function is running (its model call is open) and has written nothing yet.
        await Eventually.TrueAsync(() => _functions.Supervisor.Current.Session is not null && ChatCallsOpen(), TimeSpan.FromSeconds(10), "the call is in flight");
        _functions.Supervisor.KillWorker();

        var error = Assert.IsType<ErrorFrame>(await client.ReceiveAsync());
        Assert.Equal((AspErrorCodes.FunctionUnavailable, "k1", true), (error.Code, error.Id, error.Retryable));
        await Eventually.TrueAsync(() => _chat.Aborted > abortedBefore, TimeSpan.FromSeconds(10), "the dead worker's model call is gone");

        await _functions.Supervisor.WaitReadyAsync(TimeSpan.FromSeconds(30), after: before);
        await client.SendAsync(new InvokeFrame("k2", "echo", 2));
        Assert.Equal(2, Assert.IsType<StreamFrame>(await client.ReceiveAsync()).Data.AsInt64());
        Assert.IsType<CompleteFrame>(await client.ReceiveAsync());
    }

    private bool ChatCallsOpen() => _chat.Open > 0;
}
