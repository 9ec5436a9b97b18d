using System.Globalization;
using AgentPlatform.Functions;
using AgentPlatform.Functions.WebPubSub.Client;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.Auth;
using AgentPlatform.Relay;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.WebPubSub.Bench;

/// <summary>Everything one run measures, started side by side in this process: raw Kestrel, the Relay, an echo handler, Functions.</summary>
public sealed class BenchPeers : IAsyncDisposable
{
    private const string Key = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly HttpClient _http = new();
    private RawPeer _raw = null!;
    private int _relayPort;
    private WebPubSubServiceClient _rest = null!;

    private string RelayEndpoint => "http://127.0.0.1:" + _relayPort.ToString(CultureInfo.InvariantCulture);

    public static async Task<BenchPeers> StartAsync()
    {
        var peers = new BenchPeers();
        peers._raw = new RawPeer(FreePort.Next());
        await peers._raw.StartAsync();
        peers._owned.Add(peers._raw);
        var echoPort = FreePort.Next();
        var echo = new EchoHandler(echoPort);
        await echo.StartAsync();
        peers._owned.Add(echo);
        peers._relayPort = FreePort.Next();
        var connection = $"Endpoint={peers.RelayEndpoint};AccessKey={Key};Version=1.0;";
        var dataDir = Path.Combine(Path.GetTempPath(), "wps-bench-" + Guid.NewGuid().ToString("N"));
        var functionsPort = FreePort.Next();
        var functions = InProcessFunctionsApp.Build([], b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:" + functionsPort.ToString(CultureInfo.InvariantCulture));
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:webpubsub"] = connection,
                ["AgentPlatform:DataDir"] = dataDir,
                ["Functions:Registration:Enabled"] = "false",
            });
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await functions.StartAsync();
        peers._owned.Add(functions);
        var relay = RelayApplication.Build([], b =>
        {
            b.WebHost.UseUrls(peers.RelayEndpoint);
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:webpubsub"] = connection,
                ["AgentPlatform:DataDir"] = dataDir,
                ["services:functions:http:0"] = "http://127.0.0.1:" + functionsPort.ToString(CultureInfo.InvariantCulture),
                ["WebPubSub:Hubs:echo:EventHandlers:0:UrlTemplate"] = $"http://127.0.0.1:{echoPort}/handler/{{event}}",
                ["WebPubSub:Hubs:echo:EventHandlers:0:UserEventPattern"] = "*",
            });
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await relay.StartAsync();
        peers._owned.Add(relay);
        peers._rest = new WebPubSubServiceClient(peers._http, WebPubSubConnectionString.Parse(connection));
        return peers;
    }

    public Task<FanoutResult> RawFanoutAsync(BenchOptions o) =>
        Runners.FanoutAsync("raw Kestrel WebSocket broadcast", o,
            capacity => MemberSocket.ConnectAsync(new Uri($"ws://127.0.0.1:{_raw.Port}/ws"), null, capacity),
            async id =>
            {
                using var body = new StringContent("r:" + id.ToString(CultureInfo.InvariantCulture));
                using var response = await _http.PostAsync(new Uri($"http://127.0.0.1:{_raw.Port}/broadcast"), body);
            });

    public Task<FanoutResult> RelayFanoutAsync(BenchOptions o, bool reliable)
    {
        var group = reliable ? "fan-reliable" : "fan";
        var subprotocol = reliable ? WebPubSubSubprotocols.JsonReliable : WebPubSubSubprotocols.Json;
        return Runners.FanoutAsync(reliable ? "relay, json.reliable.webpubsub.azure.v1" : "relay, json.webpubsub.azure.v1", o,
            async capacity =>
            {
                var member = await MemberSocket.ConnectAsync(ClientUri("bench", ["webpubsub.joinLeaveGroup"]), subprotocol, capacity);
                await member.ReceiveOneAsync();
                await member.SendAsync("{\"type\":\"joinGroup\",\"group\":\"" + group + "\",\"ackId\":1}");
                await member.ReceiveOneAsync();
                return member;
            },
            id => _rest.SendToGroupAsync("bench", group, WebPubSubPayload.FromText("r:" + id.ToString(CultureInfo.InvariantCulture))));
    }

    public async Task<RoundTripResult> RawEchoAsync(int count)
    {
        await using var socket = await MemberSocket.ConnectAsync(new Uri($"ws://127.0.0.1:{_raw.Port}/echo"), null, 1);
        return await Runners.RoundTripAsync("raw Kestrel WebSocket echo", count, socket, i => "r:" + i.ToString(CultureInfo.InvariantCulture), _ => true);
    }

    public async Task<RoundTripResult> RelayEventAsync(int count)
    {
        await using var socket = await MemberSocket.ConnectAsync(ClientUri("echo", []), WebPubSubSubprotocols.Json, 1);
        await socket.ReceiveOneAsync();
        return await Runners.RoundTripAsync("relay event → CloudEvents handler → answer", count, socket,
            i => "{\"type\":\"event\",\"event\":\"echo\",\"dataType\":\"text\",\"data\":\"r:" + i.ToString(CultureInfo.InvariantCulture) + "\"}",
            frame => frame.Contains("\"type\":\"message\"", StringComparison.Ordinal));
    }

    public async Task<RoundTripResult> FunctionsInvokeAsync(int count)
    {
        await using var socket = await MemberSocket.ConnectAsync(ClientUri("agents", []), WebPubSubSubprotocols.Json, 1);
        await socket.ReceiveOneAsync();
        return await Runners.RoundTripAsync("relay invoke event → Functions echo agent (chunk via REST + complete)", count, socket,
            i => "{\"type\":\"event\",\"event\":\"invoke\",\"dataType\":\"json\",\"data\":{\"agent\":\"echo\",\"session\":\"bench\",\"input\":\"r:" + i.ToString(CultureInfo.InvariantCulture) + "\"}}",
            frame => frame.Contains("\"complete\"", StringComparison.Ordinal));
    }

    private Uri ClientUri(string hub, string[] roles)
    {
        var token = WebPubSubAccessToken.Create(Key, RelayEndpoint + "/client/hubs/" + hub, DateTimeOffset.UtcNow, TimeSpan.FromHours(1), "bench", roles);
        return new Uri($"ws://127.0.0.1:{_relayPort}/client/hubs/{hub}?access_token={token}");
    }

    public async ValueTask DisposeAsync()
    {
        _owned.Reverse();
        foreach (var o in _owned) await o.DisposeAsync();
        _http.Dispose();
    }
}
