using AgentPlatform.Functions.WebPubSub.Client;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.Auth;
using AgentPlatform.TestSupport;

namespace AgentPlatform.WebPubSub.FunctionalTests.Functional;

/// <summary>Two Relay replicas on one real redis-server: a Web PubSub client on one, the REST API of the other.</summary>
public sealed class TwoReplicaTests
{
    [Fact]
    public async Task A_rest_call_on_one_replica_reaches_a_client_of_the_other()
    {
        Assert.True(RedisServer.IsInstalled, "redis-server is installed by the test command");
        await using var redis = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:redis"] = redis.ConnectionString };
        await using var a = await WpsTestHost.StartAsync(relaySettings: settings);
        await using var b = await WpsTestHost.StartAsync(relaySettings: settings);
        var restB = new WebPubSubServiceClient(new HttpClient(), WebPubSubConnectionString.Parse(b.ConnectionString));

        await using var client = await WpsSocket.ConnectAsync(a.ClientUri("chat", "alice", ["webpubsub.joinLeaveGroup"]), WebPubSubSubprotocols.Json);
        var connectionId = (await client.ReceiveJsonAsync()).GetProperty("connectionId").GetString()!;
        await client.SendAsync("""{"type":"joinGroup","group":"g","ackId":1}""");
        Assert.Equal("""{"type":"ack","ackId":1,"success":true}""", await client.ReceiveTextAsync());

        await restB.SendToGroupAsync("chat", "g", WebPubSubPayload.FromText("via group"));
        Assert.Equal("""{"type":"message","from":"group","group":"g","dataType":"text","data":"via group"}""", await client.ReceiveTextAsync());

        // Joined through replica B's REST API: acknowledged by replica A before B answers, so the next send reaches it.
        await restB.AddConnectionToGroupAsync("chat", "g2", connectionId);
        await restB.SendToGroupAsync("chat", "g2", WebPubSubPayload.FromText("via g2"));
        Assert.Equal("g2", (await client.ReceiveJsonAsync()).GetProperty("group").GetString());

        await restB.SendToUserAsync("chat", "alice", WebPubSubPayload.FromText("to alice"));
        Assert.Equal("to alice", (await client.ReceiveJsonAsync()).GetProperty("data").GetString());
        await restB.SendToConnectionAsync("chat", connectionId, WebPubSubPayload.FromText("to you"));
        Assert.Equal("to you", (await client.ReceiveJsonAsync()).GetProperty("data").GetString());
    }
}
