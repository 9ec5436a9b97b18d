using System.Text.Json;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Relay.Tests.Acp.Stdio;

/// <summary>Many clients on one real stdio agent (the SDK's agent side in node): one initialize, remapped ids, isolated sessions.</summary>
public sealed class StdioMultiplexTests
{
    [Fact]
    public async Task The_agent_is_initialized_once_by_the_relay_and_every_client_gets_its_cached_result()
    {
        await using var agent = StdioAgentHarness.Create();
        var attaching = Enumerable.Range(0, 3).Select(i => StdioTestClient.AttachAsync(agent, "c" + i, StdioTestClient.AllCapabilities)).ToList();
        var clients = await Task.WhenAll(attaching);
        await using var old = await StdioTestClient.AttachAsync(agent, "old", protocolVersion: 0);
        await using var late = await StdioTestClient.AttachAsync(agent, "late");
        try
        {
            var pids = clients.Append(late).Select(c => (int?)c.Attachment.InitializeResult["_meta"]?["stdio-agent/pid"]).Distinct().ToList();
            Assert.Equal([agent.ProcessId], pids);
            Assert.All(clients, c => Assert.True((bool?)c.Attachment.InitializeResult["agentCapabilities"]?["loadSession"]));
            // min(client, agent): an older client sees its own version, and that does not change what the others were given.
            Assert.Equal(0, (int?)old.Attachment.InitializeResult["protocolVersion"]);
            Assert.Equal(1, (int?)late.Attachment.InitializeResult["protocolVersion"]);

            var session = await late.NewSessionAsync();
            Assert.Equal("end_turn", (string?)(await late.PromptAsync(session, "stats")).Result?["stopReason"]);
            var stats = JsonNode.Parse(late.AgentChunks(session).Single()[(session.Length + 3)..])!;
            Assert.Equal(1, (int?)stats["initializeCount"]);
            Assert.Equal("agentplatform-relay", (string?)stats["clientInfo"]?["name"]);
            Assert.True((bool?)stats["clientCapabilities"]?["fs"]?["readTextFile"]);
            Assert.True((bool?)stats["clientCapabilities"]?["fs"]?["writeTextFile"]);
            Assert.True((bool?)stats["clientCapabilities"]?["terminal"]);
        }
        finally
        {
            foreach (var c in clients) await c.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_same_ids_from_two_clients_are_remapped_and_come_back_exactly_as_each_sent_them()
    {
        await using var agent = StdioAgentHarness.Create();
        await using var a = await StdioTestClient.AttachAsync(agent, "a");
        await using var b = await StdioTestClient.AttachAsync(agent, "b");
        var newSession = new JsonObject { ["cwd"] = "/", ["mcpServers"] = new JsonArray() };
        var ids = new JsonNode[] { JsonValue.Create(1), JsonValue.Create("1"), JsonNode.Parse("1.0")!, JsonValue.Create("x-7") };
        foreach (var id in ids)
        {
            var fromA = a.RequestAsync(AcpMethods.SessionNew, (JsonObject)newSession.DeepClone(), id.DeepClone());
            var fromB = b.RequestAsync(AcpMethods.SessionNew, (JsonObject)newSession.DeepClone(), id.DeepClone());
            var (ra, rb) = (await fromA, await fromB);
            Assert.Equal(id.ToJsonString(), ra.Id!.ToJsonString());
            Assert.Equal(id.ToJsonString(), rb.Id!.ToJsonString());
            Assert.Equal(id.GetValueKind(), ra.Id!.GetValueKind());
            Assert.NotEqual((string?)ra.Result?["sessionId"], (string?)rb.Result?["sessionId"]);
        }
        // Each client got exactly one response per id it sent, nothing of the other's.
        Assert.Equal(ids.Length, a.Peer.Received.Count(m => m.Kind == JsonRpcKind.Response));
        Assert.Equal(ids.Length, b.Peer.Received.Count(m => m.Kind == JsonRpcKind.Response));
    }

    [Fact]
    public async Task Twenty_clients_prompting_at_once_each_see_only_their_own_session()
    {
        await using var agent = StdioAgentHarness.Create();
        var clients = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => StdioTestClient.AttachAsync(agent, "c" + i)));
        try
        {
            var results = await Task.WhenAll(clients.Select(async c =>
            {
                var session = await c.NewSessionAsync();
                var reply = await c.PromptAsync(session, "stream 10", id: "same-id", timeout: TimeSpan.FromSeconds(60));
                return (Client: c, Session: session, Reply: reply);
            }));
            Assert.Equal(20, results.Select(r => r.Session).Distinct().Count());
            foreach (var (client, session, reply) in results)
            {
                Assert.Equal("end_turn", (string?)reply.Result?["stopReason"]);
                var updates = client.Updates();
                Assert.All(updates, u => Assert.Equal(session, u.SessionId));
                Assert.Equal([.. Enumerable.Range(1, 10).Select(i => $"[{session}] chunk {i}/10")], client.AgentChunks(session));
                // The updates came before the prompt's reply.
                var received = client.Peer.Received.ToList();
                Assert.True(received.FindLastIndex(m => m.Method == AcpMethods.SessionUpdate) < received.FindIndex(m => m.IdKey == "s:same-id"));
            }
        }
        finally
        {
            foreach (var c in clients) await c.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_session_another_client_owns_is_not_found_and_its_notifications_are_dropped()
    {
        await using var agent = StdioAgentHarness.Create();
        await using var a = await StdioTestClient.AttachAsync(agent, "a");
        await using var b = await StdioTestClient.AttachAsync(agent, "b");
        var session = await a.NewSessionAsync();
        var slow = a.PromptAsync(session, "slow", timeout: TimeSpan.FromSeconds(30));
        await a.Peer.WaitForAsync(m => m.Method == AcpMethods.SessionUpdate);

        var refused = await b.PromptAsync(session, "hello");
        Assert.Equal(JsonRpcErrorCodes.ResourceNotFound, (int?)refused.Error?["code"]);
        Assert.Equal(session, (string?)refused.Error?["data"]?["sessionId"]);

        // b's cancel of a's session never reaches the agent: a's prompt keeps streaming.
        await b.SendAsync(JsonRpcMessage.Notification(AcpMethods.SessionCancel, new JsonObject { ["sessionId"] = session }));
        var before = a.AgentChunks(session).Count;
        await a.Peer.WaitForAsync(_ => a.AgentChunks(session).Count >= before + 4);
        Assert.False(slow.IsCompleted);
        Assert.Empty(b.Updates());

        await a.SendAsync(JsonRpcMessage.Notification(AcpMethods.SessionCancel, new JsonObject { ["sessionId"] = session }));
        Assert.Equal("cancelled", (string?)(await slow).Result?["stopReason"]);
    }

    [Fact]
    public async Task Cancelling_affects_only_the_clients_own_session_and_request()
    {
        await using var agent = StdioAgentHarness.Create();
        await using var a = await StdioTestClient.AttachAsync(agent, "a");
        await using var b = await StdioTestClient.AttachAsync(agent, "b");
        var sa = await a.NewSessionAsync();
        var sb = await b.NewSessionAsync();
        // The same request id on both clients: a's $/cancel_request must reach only a's prompt.
        var slowA = a.PromptAsync(sa, "slow", id: "p", timeout: TimeSpan.FromSeconds(30));
        var slowB = b.PromptAsync(sb, "slow", id: "p", timeout: TimeSpan.FromSeconds(30));
        await a.Peer.WaitForAsync(m => m.Method == AcpMethods.SessionUpdate);
        await b.Peer.WaitForAsync(m => m.Method == AcpMethods.SessionUpdate);

        await a.SendAsync(JsonRpcMessage.Notification(AcpMethods.CancelRequest, new JsonObject { ["requestId"] = "p" }));
        var endA = await slowA;
        Assert.True((string?)endA.Result?["stopReason"] == "cancelled" || (int?)endA.Error?["code"] == JsonRpcErrorCodes.RequestCancelled, endA.ToString());
        var countB = b.AgentChunks(sb).Count;
        await b.Peer.WaitForAsync(_ => b.AgentChunks(sb).Count >= countB + 4);
        Assert.False(slowB.IsCompleted);

        await b.SendAsync(JsonRpcMessage.Notification(AcpMethods.SessionCancel, new JsonObject { ["sessionId"] = sb }));
        Assert.Equal("cancelled", (string?)(await slowB).Result?["stopReason"]);
        Assert.All(a.Updates(), u => Assert.Equal(sa, u.SessionId));
        Assert.All(b.Updates(), u => Assert.Equal(sb, u.SessionId));
    }

    [Fact]
    public async Task Session_load_by_another_client_replays_the_history_to_it_and_moves_the_session()
    {
        await using var agent = StdioAgentHarness.Create();
        await using var a = await StdioTestClient.AttachAsync(agent, "a");
        await using var b = await StdioTestClient.AttachAsync(agent, "b");
        var session = await a.NewSessionAsync();
        await a.PromptAsync(session, "stream 3");

        var loaded = await b.RequestAsync(AcpMethods.SessionLoad, new JsonObject { ["sessionId"] = session, ["cwd"] = "/", ["mcpServers"] = new JsonArray() });
        Assert.False(loaded.IsError, loaded.ToString());
        var replay = b.Updates();
        Assert.Equal(("user_message_chunk", "stream 3"), (replay[0].Kind, replay[0].Text));
        Assert.Equal([.. Enumerable.Range(1, 3).Select(i => $"[{session}] chunk {i}/3")], b.AgentChunks(session));
        var received = b.Peer.Received.ToList();
        Assert.True(received.FindLastIndex(m => m.Method == AcpMethods.SessionUpdate) < received.IndexOf(loaded));

        var aUpdates = a.Updates().Count;
        Assert.Equal(JsonRpcErrorCodes.ResourceNotFound, (int?)(await a.PromptAsync(session, "hi")).Error?["code"]);
        Assert.Equal("end_turn", (string?)(await b.PromptAsync(session, "hi")).Result?["stopReason"]);
        Assert.Equal($"[{session}] echo: hi", b.AgentChunks(session)[^1]);
        Assert.Equal(aUpdates, a.Updates().Count);
    }

    [Fact]
    public async Task A_failed_session_load_gives_the_session_back_and_an_unknown_one_stays_unknown()
    {
        await using var agent = StdioAgentHarness.Create();
        await using var a = await StdioTestClient.AttachAsync(agent, "a");
        var failed = await a.RequestAsync(AcpMethods.SessionLoad, new JsonObject { ["sessionId"] = "sess-nope", ["cwd"] = "/", ["mcpServers"] = new JsonArray() });
        Assert.True(failed.IsError);
        Assert.Equal(JsonRpcErrorCodes.ResourceNotFound, (int?)(await a.PromptAsync("sess-nope", "hi")).Error?["code"]);
        Assert.False(await a.Attachment.AdoptSessionAsync("sess-nope", CancellationToken.None));
    }

    [Fact]
    public async Task Adopting_a_session_moves_its_updates_without_telling_the_agent()
    {
        await using var agent = StdioAgentHarness.Create();
        await using var a = await StdioTestClient.AttachAsync(agent, "a");
        await using var b = await StdioTestClient.AttachAsync(agent, "b");
        var session = await a.NewSessionAsync();
        Assert.True(await b.Attachment.AdoptSessionAsync(session, CancellationToken.None));
        Assert.Equal("end_turn", (string?)(await b.PromptAsync(session, "stream 2")).Result?["stopReason"]);
        Assert.Equal(2, b.AgentChunks(session).Count);
        Assert.Empty(a.Updates());
        Assert.Equal(JsonRpcErrorCodes.ResourceNotFound, (int?)(await a.PromptAsync(session, "x")).Error?["code"]);
    }

    [Fact]
    public async Task A_second_initialize_on_an_attachment_is_an_invalid_request()
    {
        await using var agent = StdioAgentHarness.Create();
        await using var a = await StdioTestClient.AttachAsync(agent, "a");
        var again = await a.RequestAsync(AcpMethods.Initialize, new JsonObject { ["protocolVersion"] = 1 });
        Assert.Equal(JsonRpcErrorCodes.InvalidRequest, (int?)again.Error?["code"]);
        Assert.Equal(JsonValueKind.Number, again.Id!.GetValueKind());
    }

    [Fact]
    public async Task Session_list_shows_a_client_its_own_and_unheld_sessions_but_not_another_clients()
    {
        await using var agent = StdioAgentHarness.Create();
        await using var a = await StdioTestClient.AttachAsync(agent, "a");
        await using var b = await StdioTestClient.AttachAsync(agent, "b");
        var c = await StdioTestClient.AttachAsync(agent, "c");
        var sa = await a.NewSessionAsync();
        var sb = await b.NewSessionAsync();
        var sc = await c.NewSessionAsync();
        await c.DisposeAsync();
        var listed = await a.RequestAsync("session/list", new JsonObject());
        var ids = listed.Result?["sessions"]?.AsArray().Select(s => (string?)s?["sessionId"]).ToHashSet();
        Assert.Equal(new HashSet<string?> { sa, sc }, ids);
        Assert.DoesNotContain(sb, ids!);
    }

    [Fact]
    public async Task A_client_leaving_does_not_cancel_a_turn_in_a_session_another_client_has_since_loaded()
    {
        await using var agent = StdioAgentHarness.Create();
        var a = await StdioTestClient.AttachAsync(agent, "a");
        await using var b = await StdioTestClient.AttachAsync(agent, "b");
        var session = await a.NewSessionAsync();
        await a.SendAsync(JsonRpcMessage.Request(1, AcpMethods.SessionPrompt, StdioTestClient.Prompt(session, "slow")));
        await a.Peer.WaitForAsync(m => m.Method == AcpMethods.SessionUpdate);
        await b.RequestAsync(AcpMethods.SessionLoad, new JsonObject { ["sessionId"] = session, ["cwd"] = "/", ["mcpServers"] = new JsonArray() });
        await a.DisposeAsync();
        var count = b.AgentChunks(session).Count;
        // Still streaming to b: a's departure sent no session/cancel for it.
        await b.Peer.WaitForAsync(_ => b.AgentChunks(session).Count >= count + 4);
        await b.SendAsync(JsonRpcMessage.Notification(AcpMethods.SessionCancel, new JsonObject { ["sessionId"] = session }));
        Assert.Equal("end_turn", (string?)(await b.PromptAsync(session, "next")).Result?["stopReason"]);
    }

    [Fact]
    public async Task Authenticate_is_refused_on_a_shared_agent_and_never_reaches_it()
    {
        await using var agent = StdioAgentHarness.Create();
        await using var a = await StdioTestClient.AttachAsync(agent, "a");
        var refused = await a.RequestAsync(AcpMethods.Authenticate, new JsonObject { ["methodId"] = "any" });
        Assert.Equal(JsonRpcErrorCodes.InvalidRequest, (int?)refused.Error?["code"]);
        Assert.Contains("shared stdio agent", (string?)refused.Error?["message"], StringComparison.Ordinal);
        // The agent still serves the client normally.
        var session = await a.NewSessionAsync();
        Assert.Equal("end_turn", (string?)(await a.PromptAsync(session, "hi")).Result?["stopReason"]);
    }
}
