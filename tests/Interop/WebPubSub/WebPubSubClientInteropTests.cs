using AgentPlatform.TestSupport;

namespace AgentPlatform.Interop.WebPubSub;

/// <summary>
/// The official Web PubSub npm packages against the Relay: @azure/web-pubsub-client on both JSON subprotocols,
/// @azure/web-pubsub driving the data plane, reliable recovery through forced TCP disconnects, and
/// @azure/web-pubsub-express as the upstream event handler.
/// </summary>
public class WebPubSubClientInteropTests
{
    [Theory]
    [InlineData("json")]
    [InlineData("reliable")]
    public async Task Official_client_joins_publishes_acks_and_is_refused_where_it_should_be(string protocol)
    {
        await using var relay = await WpsRelayHost.StartAsync();
        var output = await relay.RunScriptAsync("client.mjs", TimeSpan.FromSeconds(60), "--protocol", protocol, "--hub", "chat");
        Assert.Contains("PASS repeated ackId is acked as Duplicate", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reliable_client_recovers_through_repeated_forced_tcp_disconnects_without_loss_or_duplicates()
    {
        await using var relay = await WpsRelayHost.StartAsync();
        var output = await relay.RunScriptAsync("recovery.mjs", TimeSpan.FromSeconds(120), "--count", "600", "--drops", "6");
        Assert.Contains("PASS no message lost, none duplicated, order kept", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Official_rest_sdk_drives_every_data_plane_operation()
    {
        await using var relay = await WpsRelayHost.StartAsync();
        var output = await relay.RunScriptAsync("rest.mjs", TimeSpan.FromSeconds(60));
        Assert.Contains("PASS listConnections pages through every member", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Express_handler_accepts_the_relays_cloud_events_signatures_and_abuse_protection()
    {
        var handlerPort = FreePort.Next();
        await using var relay = await WpsRelayHost.StartAsync(new Dictionary<string, string?>
        {
            ["WebPubSub:Hubs:chat:EventHandlers:0:UrlTemplate"] = $"http://127.0.0.1:{handlerPort}/eventhandler/{{event}}",
            ["WebPubSub:Hubs:chat:EventHandlers:0:UserEventPattern"] = "*",
            ["WebPubSub:Hubs:chat:EventHandlers:0:SystemEvents:0"] = "connect",
            ["WebPubSub:Hubs:chat:EventHandlers:0:SystemEvents:1"] = "connected",
            ["WebPubSub:Hubs:chat:EventHandlers:0:SystemEvents:2"] = "disconnected",
        });
        var output = await relay.RunScriptAsync("express-handler.mjs", TimeSpan.FromSeconds(60), "--handlerPort", handlerPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("PASS every request carried a valid ce-signature", output, StringComparison.Ordinal);
    }
}
