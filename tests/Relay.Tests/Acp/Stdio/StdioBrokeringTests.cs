using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Relay.Tests.Acp.Stdio;

/// <summary>The agent's requests (permission, fs) reach only the session's owner, under ids of that connection, and never hang the agent.</summary>
public sealed class StdioBrokeringTests
{
    [Fact]
    public async Task A_permission_request_goes_to_the_owner_only_and_its_answer_reaches_the_agent()
    {
        await using var agent = StdioAgentHarness.Create();
        await using var a = await StdioTestClient.AttachAsync(agent, "a");
        await using var b = await StdioTestClient.AttachAsync(agent, "b");
        a.Peer.OnRequest = request => JsonRpcMessage.Success(request.Id, new JsonObject
        {
            ["outcome"] = new JsonObject { ["outcome"] = "selected", ["optionId"] = "allow" },
        });
        var sa = await a.NewSessionAsync();
        await b.NewSessionAsync();

        Assert.Equal("end_turn", (string?)(await a.PromptAsync(sa, "permission")).Result?["stopReason"]);
        Assert.Equal($"[{sa}] permission: allow", a.AgentChunks(sa).Single());
        var request = a.Peer.Received.Single(m => m.Kind == JsonRpcKind.Request);
        Assert.Equal(AcpMethods.SessionRequestPermission, request.Method);
        Assert.Equal(sa, request.SessionId);
        Assert.DoesNotContain(b.Peer.Received, m => m.Kind == JsonRpcKind.Request || m.Method == AcpMethods.SessionUpdate);
    }

    [Fact]
    public async Task File_requests_reach_the_owner_that_declared_fs_and_its_answers_reach_the_agent()
    {
        await using var agent = StdioAgentHarness.Create();
        await using var a = await StdioTestClient.AttachAsync(agent, "a", StdioTestClient.AllCapabilities);
        var written = new List<(string Path, string Content)>();
        a.Peer.OnRequest = request => request.Method switch
        {
            AcpMethods.FsReadTextFile => JsonRpcMessage.Success(request.Id, new JsonObject { ["content"] = "hello from " + (string?)request.Params?["path"] }),
            AcpMethods.FsWriteTextFile => Record(written, request),
            _ => JsonRpcMessage.Failure(request.Id, JsonRpcErrorCodes.MethodNotFound, "Method not found"),
        };
        var session = await a.NewSessionAsync();
        await a.PromptAsync(session, "read /project/notes.txt");
        await a.PromptAsync(session, "write /project/out.txt some text");
        Assert.Equal([$"[{session}] content: hello from /project/notes.txt", $"[{session}] wrote /project/out.txt"], a.AgentChunks(session));
        Assert.Equal([("/project/out.txt", "some text")], written);
        // Ids the client sees are the attachment's own, one per request, distinct.
        var ids = a.Peer.Received.Where(m => m.Kind == JsonRpcKind.Request).Select(m => m.IdKey).ToList();
        Assert.Equal(2, ids.Distinct().Count());

        static JsonRpcMessage Record(List<(string, string)> written, JsonRpcMessage request)
        {
            written.Add(((string?)request.Params?["path"] ?? "", (string?)request.Params?["content"] ?? ""));
            return JsonRpcMessage.Success(request.Id, new JsonObject());
        }
    }

    [Fact]
    public async Task A_capability_the_owner_did_not_declare_is_answered_method_not_found_by_the_relay()
    {
        await using var agent = StdioAgentHarness.Create();
        await using var a = await StdioTestClient.AttachAsync(agent, "a", new JsonObject { ["fs"] = new JsonObject { ["readTextFile"] = true } });
        var session = await a.NewSessionAsync();
        a.Peer.OnRequest = request => JsonRpcMessage.Success(request.Id, new JsonObject { ["content"] = "x" });
        await a.PromptAsync(session, "write /project/out.txt nope");
        Assert.StartsWith($"[{session}] error -32601", a.AgentChunks(session).Single(), StringComparison.Ordinal);
        Assert.DoesNotContain(a.Peer.Received, m => m.Kind == JsonRpcKind.Request);
    }

    [Fact]
    public async Task An_agent_request_the_client_cannot_be_given_is_answered_client_disconnected()
    {
        await using var agent = StdioAgentHarness.Create();
        await using var a = await StdioTestClient.AttachAsync(agent, "a");
        a.Peer.AcceptsRequests = false;
        var session = await a.NewSessionAsync();
        Assert.Equal("end_turn", (string?)(await a.PromptAsync(session, "permission")).Result?["stopReason"]);
        Assert.Equal($"[{session}] error -32603: client disconnected", a.AgentChunks(session).Single());
    }

    [Fact]
    public async Task A_disconnecting_client_leaves_no_agent_request_waiting_and_its_sessions_loadable()
    {
        await using var agent = StdioAgentHarness.Create();
        var a = await StdioTestClient.AttachAsync(agent, "a");
        await using var b = await StdioTestClient.AttachAsync(agent, "b");
        var session = await a.NewSessionAsync();
        await a.SendAsync(JsonRpcMessage.Request(7, AcpMethods.SessionPrompt, StdioTestClient.Prompt(session, "permission")));
        await a.Peer.WaitForAsync(m => m.Method == AcpMethods.SessionRequestPermission);
        await a.DisposeAsync();

        // The agent's permission request was answered with an error, so its turn ended; b sees that in the history.
        var loaded = await b.RequestAsync(AcpMethods.SessionLoad, new JsonObject { ["sessionId"] = session, ["cwd"] = "/", ["mcpServers"] = new JsonArray() });
        Assert.False(loaded.IsError, loaded.ToString());
        var history = b.AgentChunks(session);
        if (history.Count == 0)
        {
            // The load may overtake the agent's handling of the error: load again, bounded.
            for (var i = 0; i < 20 && b.AgentChunks(session).Count == 0; i++)
            {
                await Task.Delay(100);
                await b.RequestAsync(AcpMethods.SessionLoad, new JsonObject { ["sessionId"] = session, ["cwd"] = "/", ["mcpServers"] = new JsonArray() });
            }
        }
        Assert.Contains($"[{session}] error -32603: client disconnected", b.AgentChunks(session));
        Assert.DoesNotContain(a.Peer.Received, m => m.Kind == JsonRpcKind.Response && m.IdKey == "n:7");
    }

    [Fact]
    public async Task A_disconnecting_client_cancels_its_prompt_in_flight()
    {
        await using var agent = StdioAgentHarness.Create();
        var a = await StdioTestClient.AttachAsync(agent, "a");
        await using var b = await StdioTestClient.AttachAsync(agent, "b");
        var session = await a.NewSessionAsync();
        await a.SendAsync(JsonRpcMessage.Request(1, AcpMethods.SessionPrompt, StdioTestClient.Prompt(session, "slow")));
        await a.Peer.WaitForAsync(m => m.Method == AcpMethods.SessionUpdate);
        await a.DisposeAsync();

        // The session/cancel ended the slow turn, so the agent is free for the next prompt once b loads the session.
        await b.RequestAsync(AcpMethods.SessionLoad, new JsonObject { ["sessionId"] = session, ["cwd"] = "/", ["mcpServers"] = new JsonArray() });
        var replayed = b.AgentChunks(session).Count;
        // The agent answered the cancelled turn (its response to a, a detached client, is dropped): poll its chunks
        // until they stop growing instead of sleeping a fixed time.
        var stable = 0;
        for (var i = 0; i < 100 && stable < 3; i++)
        {
            var before = b.AgentChunks(session).Count;
            await Task.Delay(50);
            stable = b.AgentChunks(session).Count == before ? stable + 1 : 0;
        }
        replayed = b.AgentChunks(session).Count;
        var reply = await b.PromptAsync(session, "after");
        Assert.Equal("end_turn", (string?)reply.Result?["stopReason"]);
        // No slow chunk arrived after the load: the slow turn had stopped.
        Assert.Equal([$"[{session}] echo: after"], b.AgentChunks(session).Skip(replayed));
    }
}
