using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using AgentPlatform.Functions.WebPubSub.Client;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.Auth;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Relay.Tests.Auth;

/// <summary>A user is every connection with that <c>sub</c>: a send to the user reaches all of them and no one else.</summary>
public sealed class WebPubSubUserTests
{
    private const string Key = "wps-user-key";

    [Fact]
    public async Task A_send_to_a_user_reaches_each_of_that_users_connections_only()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var endpoint = "http://127.0.0.1:" + port;
        var connectionString = $"Endpoint={endpoint};AccessKey={Key};Version=1.0;";
        await using var relay = RelayApplication.Build([], b =>
        {
            b.WebHost.UseUrls(endpoint);
            b.Logging.ClearProviders();
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:webpubsub"] = connectionString });
        });
        await relay.StartAsync(ct);

        using var alice1 = await ConnectAsync(endpoint, "alice", ct);
        using var alice2 = await ConnectAsync(endpoint, "alice", ct);
        using var bob = await ConnectAsync(endpoint, "bob", ct);
        var rest = new WebPubSubServiceClient(new HttpClient(), WebPubSubConnectionString.Parse(connectionString));
        await rest.SendToUserAsync("chat", "alice", WebPubSubPayload.FromText("to alice"), ct);

        foreach (var socket in new[] { alice1, alice2 })
        {
            using var message = JsonDocument.Parse(await ReceiveAsync(socket, TimeSpan.FromSeconds(10)));
            Assert.Equal("to alice", message.RootElement.GetProperty("data").GetString());
        }
        await rest.SendToUserAsync("chat", "bob", WebPubSubPayload.FromText("to bob"), ct);
        using (var toBob = JsonDocument.Parse(await ReceiveAsync(bob, TimeSpan.FromSeconds(10))))
        {
            // Bob's first message is his own: alice's send never reached him.
            Assert.Equal("to bob", toBob.RootElement.GetProperty("data").GetString());
        }
        // The sockets (declared after the Relay) are disposed before it, so its shutdown waits for no connection.
    }

    private static async Task<ClientWebSocket> ConnectAsync(string endpoint, string user, CancellationToken ct)
    {
        var token = WebPubSubAccessToken.Create(Key, endpoint + "/client/hubs/chat", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), user);
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(WebPubSubSubprotocols.Json);
        await socket.ConnectAsync(new Uri(endpoint.Replace("http", "ws", StringComparison.Ordinal) + "/client/hubs/chat?access_token=" + token), ct);
        using var connected = JsonDocument.Parse(await ReceiveAsync(socket, TimeSpan.FromSeconds(10)));
        Assert.Equal("connected", connected.RootElement.GetProperty("event").GetString());
        return socket;
    }

    private static async Task<string> ReceiveAsync(ClientWebSocket socket, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cts.Token);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }
}
