using AgentPlatform.AgentChat.Tests.Infrastructure;
using AgentPlatform.Client.AgentChat;

namespace AgentPlatform.AgentChat.Tests.Library;

/// <summary>The .NET client's own behaviour: errors as codes, the PING barrier, reconnecting to a server that comes back.</summary>
public sealed class ClientLibraryTests
{
    [Fact]
    public async Task A_request_refused_by_the_server_throws_its_code_and_the_connection_stays_usable()
    {
        await using var server = await ChatServer.StartAsync();
        await using var client = await Agents.ConnectAsync(server, "asker");
        var missing = await Assert.ThrowsAsync<AgentChatException>(() => client.JoinAsync("#missing"));
        Assert.Equal("CHANNEL_NOT_FOUND", missing.Code);
        var notMember = await Assert.ThrowsAsync<AgentChatException>(() => client.SendConfirmedAsync("#agents", "not a member"));
        Assert.Equal("NOT_INVITED", notMember.Code);
        await client.JoinAsync("#agents");
        await client.SendConfirmedAsync("#agents", "now a member");
        var echo = await client.NextAsync(f => f.Type() == "MSG" && f.Text("content") == "now a member");
        Assert.Equal(client.AgentId, echo.Text("from"));
    }

    [Fact]
    public async Task The_rate_limit_surfaces_as_RATE_LIMITED_on_the_send_that_hit_it()
    {
        await using var server = await ChatServer.StartAsync(rateBurst: 2, ratePerSecond: 0.5);
        await using var client = await Agents.ConnectAsync(server, "chatty");
        await client.JoinAsync("#general");
        await client.SendConfirmedAsync("#general", "1");
        await client.SendConfirmedAsync("#general", "2");
        var limited = await Assert.ThrowsAsync<AgentChatException>(() => client.SendConfirmedAsync("#general", "3"));
        Assert.Equal("RATE_LIMITED", limited.Code);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task ConnectWithRetry_waits_for_a_server_that_is_not_up_yet_and_rejoins_the_channels()
    {
        await using var server = await ChatServer.StartAsync();
        await server.StopAsync();
        var connecting = AgentChatClient.ConnectWithRetryAsync(server.Uri, new AgentChatClientOptions { Name = "patient" },
            new Backoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(300)), ["#agents", "#missing"]);
        await Task.Delay(400);
        Assert.False(connecting.IsCompleted);
        await server.StartAsync();
        await using var client = await connecting.WaitAsync(TimeSpan.FromSeconds(20));
        await using var peer = await Agents.ConnectAsync(server);
        Assert.Contains(client.AgentId, await peer.ListAgentsAsync("#agents"));
    }

    [Fact]
    public void Backoff_doubles_to_its_ceiling_with_bounded_jitter_and_resets()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        var delays = Enumerable.Range(0, 6).Select(_ => backoff.Next().TotalMilliseconds).ToList();
        double[] floors = [100, 200, 400, 800, 1000, 1000];
        for (var i = 0; i < floors.Length; i++) Assert.InRange(delays[i], floors[i], floors[i] * 1.2);
        backoff.Reset();
        Assert.InRange(backoff.Next().TotalMilliseconds, 100, 120);
    }
}
