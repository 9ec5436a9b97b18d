using System.Net.WebSockets;
using System.Text.Json.Nodes;

namespace AgentPlatform.Relay.Tests.Acp.Transport;

/// <summary>The replay extension: sequence numbers, acks, a dropped client's notifications kept, resume, truncation, expiry.</summary>
public sealed class AcpReplayTests
{
    private static long Seq(JsonObject notification) => (long)notification["params"]!["_meta"]!["agentplatform/seq"]!;

    private static string Text(JsonObject notification) => (string)notification["params"]!["update"]!["content"]!["text"]!;

    private static JsonObject Prompt(string session, int count) => new() { ["sessionId"] = session, ["prompt"] = new JsonArray(), ["count"] = count };

    private static async Task DropAsync(AcpWsClient client)
    {
        // An abrupt drop, as a lost network: no closing handshake.
        client.Socket.Abort();
        await client.DisposeAsync();
    }

    [Fact]
    public async Task A_resumed_session_gets_what_it_missed_with_the_same_numbers_and_acked_ones_are_not_replayed()
    {
        await using var relay = await AcpRelay.StartAsync();
        var agent = relay.Default;
        var first = await relay.ConnectAsync();
        var init = await first.InitializeAsync(replay: true);
        Assert.True((bool?)init["_meta"]!["agentplatform/replay"]);
        Assert.False(agent.InitializeResult.ContainsKey("_meta"));
        var session = await first.NewSessionAsync(1);
        await first.CallAsync(2, "session/prompt", Prompt(session, 2));
        Assert.Equal([1L, 2L], first.Seen.Select(Seq));
        Assert.Equal(["chunk 1", "chunk 2"], first.Seen.Select(Text));
        await first.NotifyAsync("_agentplatform/ack", new JsonObject { ["sessionId"] = session, ["seq"] = 1 });
        var oldAttachment = agent.Owners[session];
        // The ack is handled before the next request's answer (one connection, in order): no sleep needed.
        await first.CallAsync(20, "test/echo", new JsonObject());
        await DropAsync(first);

        // The agent keeps talking to the session while the client is away: the edge keeps it.
        await TestSupport.Eventually.TrueAsync(() => relay.Get<Relay.Acp.Connections.AcpConnectionRegistry>().Count == 0, TimeSpan.FromSeconds(5), "the drop is noticed");
        Assert.True(await agent.PushAsync(session, "while away 1"));
        Assert.True(await agent.PushAsync(session, "while away 2"));
        Assert.False(oldAttachment.Disposed.Task.IsCompleted, "the attachment lives through the replay window");

        await using var second = await relay.ConnectAsync();
        await second.InitializeAsync(replay: true);
        var resumed = await second.CallAsync(3, "_agentplatform/resume", new JsonObject { ["sessionId"] = session, ["after"] = 0 });
        Assert.Equal(3, (int?)resumed["result"]!["replayed"]);
        Assert.False(((JsonObject)resumed["result"]!).ContainsKey("truncated"));
        Assert.Equal([2L, 3L, 4L], second.Seen.Select(Seq));
        Assert.Equal(["chunk 2", "while away 1", "while away 2"], second.Seen.Select(Text));
        Assert.NotSame(oldAttachment, agent.Owners[session]);

        // The session carries on over the new connection, numbers continuing.
        second.Seen.Clear();
        var done = await second.CallAsync(4, "session/prompt", Prompt(session, 1));
        Assert.Equal("end_turn", (string?)done["result"]!["stopReason"]);
        Assert.Equal([5L], second.Seen.Select(Seq));
    }

    [Fact]
    public async Task Past_max_messages_the_oldest_go_and_the_resume_says_truncated()
    {
        await using var relay = await AcpRelay.StartAsync(new() { ["Acp:Replay:MaxMessages"] = "3" });
        var first = await relay.ConnectAsync();
        await first.InitializeAsync(replay: true);
        var session = await first.NewSessionAsync(1);
        await DropAsync(first);
        await TestSupport.Eventually.TrueAsync(() => relay.Get<Relay.Acp.Connections.AcpConnectionRegistry>().Count == 0, TimeSpan.FromSeconds(5), "the drop is noticed");
        for (var i = 1; i <= 5; i++) Assert.True(await relay.Default.PushAsync(session, "m" + i));
        await using var second = await relay.ConnectAsync();
        await second.InitializeAsync(replay: true);
        var resumed = await second.CallAsync(2, "_agentplatform/resume", new JsonObject { ["sessionId"] = session, ["after"] = 0 });
        Assert.Equal(3, (int?)resumed["result"]!["replayed"]);
        Assert.True((bool?)resumed["result"]!["truncated"]);
        Assert.Equal(["m3", "m4", "m5"], second.Seen.Select(Text));
        Assert.Equal([3L, 4L, 5L], second.Seen.Select(Seq));
    }

    [Fact]
    public async Task After_the_window_the_session_is_gone_and_the_attachment_disposed()
    {
        await using var relay = await AcpRelay.StartAsync(new() { ["Acp:Replay:Window"] = "00:00:00.300" });
        var first = await relay.ConnectAsync();
        await first.InitializeAsync(replay: true);
        var session = await first.NewSessionAsync(1);
        var attachment = relay.Default.Owners[session];
        await DropAsync(first);
        await attachment.Disposed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await using var second = await relay.ConnectAsync();
        await second.InitializeAsync(replay: true);
        var resumed = await second.CallAsync(2, "_agentplatform/resume", new JsonObject { ["sessionId"] = session, ["after"] = 0 });
        Assert.Equal(-32002, (int?)resumed["error"]!["code"]);
        Assert.Equal(session, (string?)resumed["error"]!["data"]!["sessionId"]);
        var unknown = await second.CallAsync(3, "_agentplatform/resume", new JsonObject { ["sessionId"] = "never-was" });
        Assert.Equal(-32002, (int?)unknown["error"]!["code"]);
    }

    [Fact]
    public async Task Stopping_the_relay_does_not_wait_out_the_replay_window()
    {
        var relay = await AcpRelay.StartAsync();
        TestAcpAttachment dropped, connected;
        await using (var first = await relay.ConnectAsync())
        {
            await first.InitializeAsync(replay: true);
            dropped = relay.Default.Owners[await first.NewSessionAsync(1)];
            await DropAsync(first);
        }
        await TestSupport.Eventually.TrueAsync(() => relay.Get<Relay.Acp.Connections.AcpConnectionRegistry>().Lingering.Count == 1, TimeSpan.FromSeconds(5), "the drop is noticed");
        await using var second = await relay.ConnectAsync();
        await second.InitializeAsync(replay: true);
        connected = relay.Default.Owners[await second.NewSessionAsync(1)];
        await relay.DisposeAsync();
        await dropped.Disposed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await connected.Disposed.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Without_replay_nothing_is_numbered_or_kept_and_the_attachment_goes_at_once()
    {
        await using var relay = await AcpRelay.StartAsync();
        var first = await relay.ConnectAsync();
        await first.InitializeAsync();
        var session = await first.NewSessionAsync(1);
        await first.CallAsync(2, "session/prompt", Prompt(session, 1));
        Assert.False(((JsonObject)first.Seen.Single()["params"]!).ContainsKey("_meta"));
        var attachment = relay.Default.Owners[session];
        var peer = attachment.Peer;
        await DropAsync(first);
        await attachment.Disposed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(await peer.SendAsync(TestAcpAgent.Update(session, "nobody")));
        await using var second = await relay.ConnectAsync();
        await second.InitializeAsync();
        var resumed = await second.CallAsync(3, "_agentplatform/resume", new JsonObject { ["sessionId"] = session });
        Assert.Equal(-32601, (int?)resumed["error"]!["code"]);
        Assert.Equal(WebSocketState.Open, second.Socket.State);
    }

    [Fact]
    public async Task Replay_works_over_streamable_http_on_the_session_stream()
    {
        await using var relay = await AcpRelay.StartAsync();
        using var http = relay.Http();
        var (first, _) = await AcpHttpClient.InitializeAsync(http, replay: true);
        string session;
        using (var stream = await AcpSseReader.OpenAsync(http, first))
        {
            await AcpHttpClient.AcceptedAsync(http, AcpWsClient.Request(1, "session/new", new JsonObject { ["cwd"] = "/" }), first);
            session = (string)(await stream.MessageAsync())["result"]!["sessionId"]!;
        }
        await AcpHttpClient.AcceptedAsync(http, AcpWsClient.Request(2, "session/prompt", Prompt(session, 1)), first, session);
        using (var sessionStream = await AcpSseReader.OpenAsync(http, first, session))
        {
            Assert.Equal(1L, Seq(await sessionStream.MessageAsync()));
            Assert.Equal(2, (int?)(await sessionStream.MessageAsync())["id"]);
        }
        using (await AcpHttpClient.DeleteAsync(http, first))
        {
        }
        await TestSupport.Eventually.TrueAsync(() => relay.Get<Relay.Acp.Connections.AcpConnectionRegistry>().Count == 0, TimeSpan.FromSeconds(5), "the delete is done");
        Assert.True(await relay.Default.PushAsync(session, "later"));

        var (second, _) = await AcpHttpClient.InitializeAsync(http, replay: true);
        await AcpHttpClient.AcceptedAsync(http, AcpWsClient.Request(3, "_agentplatform/resume", new JsonObject { ["sessionId"] = session, ["after"] = 1 }), second, session);
        using var resumed = await AcpSseReader.OpenAsync(http, second, session);
        var replayed = await resumed.MessageAsync();
        Assert.Equal(2L, Seq(replayed));
        Assert.Equal("later", Text(replayed));
        Assert.Equal(1, (int?)(await resumed.MessageAsync())["result"]!["replayed"]);
    }
}
