using System.Text.Json.Nodes;
using AgentPlatform.Relay.Acp.Connections;
using AgentPlatform.Relay.Acp.Replay;

namespace AgentPlatform.Relay.Tests.Acp.Transport;

/// <summary>
/// Who a replay log belongs to: logs are per agent scope, only the agent's answers move them, and a failed resume
/// gives the session back instead of destroying its log.
/// </summary>
public sealed class AcpReplayOwnershipTests
{
    private static long Seq(JsonObject notification) => (long)notification["params"]!["_meta"]!["agentplatform/seq"]!;

    private static string Text(JsonObject notification) => (string)notification["params"]!["update"]!["content"]!["text"]!;

    private static JsonObject Prompt(string session, int count) => new() { ["sessionId"] = session, ["prompt"] = new JsonArray(), ["count"] = count };

    private static async Task DropAsync(AcpRelay relay, AcpWsClient client)
    {
        client.Socket.Abort();
        await client.DisposeAsync();
        await TestSupport.Eventually.TrueAsync(() => relay.Get<AcpConnectionRegistry>().Count == 0, TimeSpan.FromSeconds(5), "the drop is noticed");
    }

    [Fact]
    public async Task Two_agents_handing_out_the_same_session_id_keep_separate_logs()
    {
        await using var relay = await AcpRelay.StartAsync();
        var first = await relay.ConnectAsync();
        await first.InitializeAsync(replay: true);
        var session = await first.NewSessionAsync(1);
        await first.CallAsync(2, "session/prompt", Prompt(session, 2));
        await DropAsync(relay, first);
        Assert.True(await relay.Default.PushAsync(session, "while away"));

        // Another agent mints the same id: its numbering starts at 1, it never continues the first agent's log.
        await using var other = await relay.ConnectAsync("/acp/other");
        await other.InitializeAsync(replay: true);
        Assert.Equal(session, await other.NewSessionAsync(1));
        await other.CallAsync(2, "session/prompt", Prompt(session, 1));
        Assert.Equal([1L], other.Seen.Select(Seq));

        // The first agent's log is intact for its own client.
        await using var back = await relay.ConnectAsync();
        await back.InitializeAsync(replay: true);
        var resumed = await back.CallAsync(3, "_agentplatform/resume", new JsonObject { ["sessionId"] = session, ["after"] = 0 });
        Assert.Equal(3, (int?)resumed["result"]!["replayed"]);
        Assert.Equal(["chunk 1", "chunk 2", "while away"], back.Seen.Select(Text));
    }

    [Fact]
    public async Task A_client_naming_another_clients_session_neither_claims_nor_trims_its_log_and_made_up_ids_make_no_logs()
    {
        await using var relay = await AcpRelay.StartAsync();
        var store = relay.Get<AcpReplayStore>();
        var first = await relay.ConnectAsync();
        await first.InitializeAsync(replay: true);
        var session = await first.NewSessionAsync(1);
        await first.CallAsync(2, "session/prompt", Prompt(session, 2));
        await DropAsync(relay, first);
        Assert.Equal(1, store.Count);

        await using var intruder = await relay.ConnectAsync();
        await intruder.InitializeAsync(replay: true);
        var refused = await intruder.CallAsync(1, "session/prompt", Prompt(session, 1));
        Assert.Equal(-32002, (int?)refused["error"]!["code"]);
        await intruder.NotifyAsync("_agentplatform/ack", new JsonObject { ["sessionId"] = session, ["seq"] = 99 });
        for (var i = 0; i < 20; i++)
        {
            var made = await intruder.CallAsync(10 + i, "session/prompt", Prompt("made-up-" + i, 1));
            Assert.Equal(-32002, (int?)made["error"]!["code"]);
            await intruder.NotifyAsync("_agentplatform/ack", new JsonObject { ["sessionId"] = "made-up-ack-" + i, ["seq"] = 1 });
        }
        // The ack notifications were handled before this request's answer (one connection, in order).
        await intruder.CallAsync(50, "test/echo", new JsonObject());
        Assert.Equal(1, store.Count);

        await using var back = await relay.ConnectAsync();
        await back.InitializeAsync(replay: true);
        var resumed = await back.CallAsync(3, "_agentplatform/resume", new JsonObject { ["sessionId"] = session, ["after"] = 0 });
        Assert.Equal(2, (int?)resumed["result"]!["replayed"]);
        Assert.Equal([1L, 2L], back.Seen.Select(Seq));
    }

    [Fact]
    public async Task A_failed_resume_gives_the_log_back_to_its_connected_owner()
    {
        await using var relay = await AcpRelay.StartAsync();
        var agent = relay.Default;
        await using var owner = await relay.ConnectAsync();
        await owner.InitializeAsync(replay: true);
        var session = await owner.NewSessionAsync(1);
        await owner.CallAsync(2, "session/prompt", Prompt(session, 2));
        Assert.Equal([1L, 2L], owner.Seen.Select(Seq));

        // The agent does not let the other connection adopt the session (here: it briefly forgets who owns it).
        Assert.True(agent.Owners.TryRemove(session, out var attachment));
        await using var other = await relay.ConnectAsync();
        await other.InitializeAsync(replay: true);
        var resumed = await other.CallAsync(1, "_agentplatform/resume", new JsonObject { ["sessionId"] = session, ["after"] = 0 });
        Assert.Equal(-32002, (int?)resumed["error"]!["code"]);
        agent.Owners[session] = attachment;

        // The owner's log lives on: numbering continues and it is still replayable.
        owner.Seen.Clear();
        await owner.CallAsync(3, "session/prompt", Prompt(session, 1));
        Assert.Equal([3L], owner.Seen.Select(Seq));
        Assert.Empty(other.Seen);
    }
}
