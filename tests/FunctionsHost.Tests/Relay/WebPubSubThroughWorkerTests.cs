using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using AgentPlatform.FunctionsHost.Tests.Support;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.Auth;
using AgentPlatform.Relay;
using AgentPlatform.TestSupport;

namespace AgentPlatform.FunctionsHost.Tests.Relay;

/// <summary>
/// Web PubSub `invoke` events on the deployable path: a Web PubSub client → the Relay (playing the service) → the
/// CloudEvents upstream of the Functions worker through FunctionsHost → the worker streams back over the service's
/// REST data plane, as AppHost wires them.
/// </summary>
public sealed class WebPubSubThroughWorkerTests
{
    private const string Key = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";

    [Fact]
    public async Task An_invoke_event_runs_the_agent_in_the_worker_and_streams_its_answer_to_the_connection()
    {
        await using var apps = new LoopbackApps("fh-wps");
        var relayUrl = LoopbackApps.NewUrl();
        var connection = $"Endpoint={relayUrl.ToString().TrimEnd('/')};AccessKey={Key};Version=1.0;";
        await using var functions = await HostedFunctions.StartAsync(HostedFunctions.FunctionsWorkerPath, new Dictionary<string, string?>
        {
            ["ConnectionStrings:webpubsub"] = connection,
            ["AgentPlatform:DataDir"] = apps.DataDir,
            ["Functions:Registration:Enabled"] = "false",
        });
        await apps.StartAsync(RelayApplication.Build, relayUrl, new()
        {
            ["ConnectionStrings:webpubsub"] = connection,
            ["AgentPlatform:DataDir"] = apps.DataDir,
            ["services:functions:http:0"] = functions.BaseAddress.ToString().TrimEnd('/'),
        });

        var token = WebPubSubAccessToken.Create(Key, relayUrl.ToString().TrimEnd('/') + "/client/hubs/agents", DateTimeOffset.UtcNow, TimeSpan.FromHours(1), "ivy");
        using var ws = new ClientWebSocket();
        ws.Options.AddSubProtocol(WebPubSubSubprotocols.JsonReliable);
        await ws.ConnectAsync(new UriBuilder(relayUrl) { Scheme = "ws", Path = "/client/hubs/agents", Query = "access_token=" + token }.Uri, TestContext.Current.CancellationToken);

        var connected = await ReceiveAsync(ws);
        Assert.Equal("ivy", connected.GetProperty("userId").GetString());
        await SendAsync(ws, """{"type":"event","event":"invoke","ackId":1,"dataType":"json","data":{"agent":"echo","id":"i1","input":{"say":"hello"}}}""");
        var chunk = await ReceiveAsync(ws);
        Assert.Equal("chunk", chunk.GetProperty("data").GetProperty("type").GetString());
        Assert.Equal("hello", chunk.GetProperty("data").GetProperty("data").GetProperty("say").GetString());
        var complete = await ReceiveAsync(ws);
        Assert.Equal("complete", complete.GetProperty("data").GetProperty("type").GetString());
        Assert.Equal(1, complete.GetProperty("data").GetProperty("metrics").GetProperty("chunks").GetInt32());
        var ack = await ReceiveAsync(ws);
        Assert.Equal("ack", ack.GetProperty("type").GetString());
        Assert.True(ack.GetProperty("success").GetBoolean());
        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, TestContext.Current.CancellationToken);
    }

    private static async Task SendAsync(ClientWebSocket ws, string json) =>
        await ws.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket ws)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            var result = await ws.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            length += result.Count;
            if (!result.EndOfMessage) continue;
            using var doc = JsonDocument.Parse(buffer.AsMemory(0, length));
            return doc.RootElement.Clone();
        }
    }
}
