using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using AgentPlatform.Functions.WebPubSub.Client;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.Auth;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.WebPubSub.FunctionalTests.Functional;

/// <summary>The Relay's upstream side against a handler whose answers the test controls.</summary>
public class UpstreamTests
{
    [Fact]
    public async Task A_handler_that_does_not_allow_the_origin_never_receives_events_and_the_client_is_refused()
    {
        var port = FreePort.Next();
        var seen = new ConcurrentQueue<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var handler = builder.Build();
        handler.Map("/h/{event}", (HttpContext http) =>
        {
            seen.Enqueue(http.Request.Method + " " + http.Request.Headers["WebHook-Request-Origin"]);
            // Answers 200 but without WebHook-Allowed-Origin: not a consent to receive events.
            return Results.Ok();
        });
        await handler.StartAsync();
        await using var stack = await WpsTestHost.StartAsync(relaySettings: new Dictionary<string, string?>
        {
            ["WebPubSub:Hubs:guarded:EventHandlers:0:UrlTemplate"] = $"http://127.0.0.1:{port}/h/{{event}}",
            ["WebPubSub:Hubs:guarded:EventHandlers:0:SystemEvents"] = "connect,connected,disconnected",
        });
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.AddSubProtocol(WebPubSubSubprotocols.Json);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(stack.ClientUri("guarded", "u"), CancellationToken.None));
        Assert.Equal(HttpStatusCode.InternalServerError, socket.HttpStatusCode);
        Assert.Equal(["OPTIONS 127.0.0.1"], seen.ToArray());
        await handler.StopAsync();
    }

    [Fact]
    public async Task User_group_membership_applies_to_connections_the_user_opens_later()
    {
        await using var stack = await WpsTestHost.StartAsync();
        var rest = new WebPubSubServiceClient(new HttpClient(), WebPubSubConnectionString.Parse(stack.ConnectionString));
        await rest.AddUserToGroupAsync("chat", "later-group", "lee");
        Assert.False(await rest.GroupExistsAsync("chat", "later-group"));
        await using var ws = await WpsSocket.ConnectAsync(stack.ClientUri("chat", "lee"), WebPubSubSubprotocols.Json);
        await ws.ReceiveJsonAsync();
        // The connection joins its groups right after its connected frame is queued.
        await Eventually.TrueAsync(() => rest.GroupExistsAsync("chat", "later-group"), TimeSpan.FromSeconds(5), "the user's group was joined");
        await rest.SendToGroupAsync("chat", "later-group", WebPubSubPayload.FromText("hi lee"));
        var message = await ws.ReceiveJsonAsync();
        Assert.Equal("group", message.GetProperty("from").GetString());
        Assert.Equal("later-group", message.GetProperty("group").GetString());
        Assert.False(message.TryGetProperty("fromUserId", out _));
        await rest.RemoveUserFromGroupAsync("chat", "later-group", "lee");
        Assert.False(await rest.GroupExistsAsync("chat", "later-group"));
    }

    [Fact]
    public async Task Simple_websocket_clients_are_accepted_and_their_frames_go_upstream_only()
    {
        await using var stack = await WpsTestHost.StartAsync();
        var rest = new WebPubSubServiceClient(new HttpClient(), WebPubSubConnectionString.Parse(stack.ConnectionString));
        await using var ws = await WpsSocket.ConnectAsync(stack.ClientUri("chat", "plain"));
        Assert.Null(ws.Socket.SubProtocol);
        await ws.SendAsync("""{"type":"joinGroup","group":"g"}""");
        await Task.Delay(100);
        Assert.False(await rest.GroupExistsAsync("chat", "g"));
        await rest.SendToUserAsync("chat", "plain", new WebPubSubPayload(WebPubSubDataType.Json, """{"a":1}"""u8.ToArray()));
        Assert.Equal("""{"a":1}""", await ws.ReceiveTextAsync());
    }
}
