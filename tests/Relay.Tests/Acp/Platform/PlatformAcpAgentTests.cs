using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;
using AgentPlatform.Relay.Acp.Agents.Platform;
using AgentPlatform.Relay.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Relay.Tests.Acp.Platform;

/// <summary>
/// The platform's agents over ACP, driven directly through <see cref="PlatformAcpAgent"/> attachments with recording
/// peers, against the real Registry, Functions and Relay (the agents run in the Functions app, reached over HTTP).
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class PlatformAcpAgentTests(PlatformFixture platform)
{
    private async Task<(RelayHost Relay, PlatformAcpAgents Agents)> RelayAsync(params string[] agents)
    {
        var relay = await platform.StartRelayAsync(configure: b => b.Services.AddAcpPlatformAgents());
        foreach (var agent in agents) await relay.WaitForAgentAsync(agent);
        return (relay, relay.Get<PlatformAcpAgents>());
    }

    [Fact]
    public async Task Initialize_describes_the_agent_and_caps_the_protocol_version()
    {
        var (relay, agents) = await RelayAsync("echo");
        await using var host = relay;
        var agent = agents.Find("echo")!;
        Assert.Equal("echo", agent.Name);
        await using var v1 = await AcpSession.AttachAsync(agent, "c1", protocolVersion: 7);
        var result = v1.Attachment.InitializeResult;
        Assert.Equal(1, (int)result["protocolVersion"]!);
        Assert.True((bool)result["agentCapabilities"]!["loadSession"]!);
        Assert.False((bool)result["agentCapabilities"]!["promptCapabilities"]!["image"]!);
        Assert.Equal("echo", (string)result["agentInfo"]!["name"]!);
        Assert.False(string.IsNullOrEmpty((string?)result["agentInfo"]!["version"]));
        Assert.Empty(result["authMethods"]!.AsArray());
        await using var v0 = await AcpSession.AttachAsync(agent, "c2", protocolVersion: 0);
        Assert.Equal(0, (int)v0.Attachment.InitializeResult["protocolVersion"]!);
        Assert.Null(agents.Find("no-such-agent"));
        Assert.Contains(relay.Get<IEnumerable<AgentPlatform.Relay.Acp.Agents.IAcpAgentProvider>>(), p => p is PlatformAcpAgents);
    }

    [Fact]
    public async Task Echo_streams_its_text_then_ends_the_turn_with_metrics()
    {
        var (relay, agents) = await RelayAsync("echo");
        await using var host = relay;
        await using var client = await AcpSession.AttachAsync(agents.Find("echo")!, "c1");
        var sessionId = await client.NewSessionAsync();
        Assert.True(Guid.TryParse(sessionId, out var _));
        var (response, before) = await client.CallAsync(AcpMethods.SessionPrompt, AcpSession.Prompt(sessionId, "hello over ACP"));
        var update = Assert.Single(before);
        Assert.Equal(AcpMethods.SessionUpdate, update.Method);
        Assert.Equal(sessionId, update.SessionId);
        Assert.Equal("""{"sessionUpdate":"agent_message_chunk","content":{"type":"text","text":"hello over ACP"}}""", update.Params!["update"]!.ToJsonString());
        Assert.Equal("end_turn", (string)response.Result!["stopReason"]!);
        var meta = response.Result["_meta"]!.AsObject();
        Assert.False(meta.ContainsKey(PlatformAcpMapping.ResultMetaKey));
        Assert.Equal(1, (int)meta[PlatformAcpMapping.MetricsMetaKey]!["chunks"]!);
        Assert.True((double)meta[PlatformAcpMapping.MetricsMetaKey]!["durationMs"]! > 0);
    }

    [Fact]
    public async Task Two_text_blocks_are_one_input_joined_by_a_newline_and_other_blocks_travel_as_JSON()
    {
        var (relay, agents) = await RelayAsync("echo");
        await using var host = relay;
        await using var client = await AcpSession.AttachAsync(agents.Find("echo")!, "c1");
        var sessionId = await client.NewSessionAsync();
        var twoTexts = new JsonObject
        {
            ["sessionId"] = sessionId,
            ["prompt"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "a" }, new JsonObject { ["type"] = "text", ["text"] = "b" }),
        };
        var (_, before) = await client.CallAsync(AcpMethods.SessionPrompt, twoTexts);
        Assert.Equal(["a\nb"], AcpSession.AgentText(before));
        var link = new JsonObject { ["type"] = "resource_link", ["uri"] = "file:///x", ["name"] = "x" };
        var mixed = new JsonObject { ["sessionId"] = sessionId, ["prompt"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "a" }, link) };
        (_, before) = await client.CallAsync(AcpMethods.SessionPrompt, mixed);
        var echoed = JsonNode.Parse(Assert.Single(AcpSession.AgentText(before)))!;
        Assert.True(JsonNode.DeepEquals(mixed["prompt"], echoed));
    }

    [Fact]
    public async Task Conversation_remembers_across_prompts_and_after_load_on_a_new_attachment()
    {
        var (relay, agents) = await RelayAsync("conversation");
        await using var host = relay;
        var agent = agents.Find("conversation")!;
        var first = await AcpSession.AttachAsync(agent, "c1");
        var sessionId = await first.NewSessionAsync();
        var (r1, b1) = await first.CallAsync(AcpMethods.SessionPrompt, AcpSession.Prompt(sessionId, "one"));
        Assert.Equal("end_turn", (string)r1.Result!["stopReason"]!);
        Assert.Equal(1, (int)JsonNode.Parse(Assert.Single(AcpSession.AgentText(b1)))!["turn"]!);
        var (r2, b2) = await first.CallAsync(AcpMethods.SessionPrompt, AcpSession.Prompt(sessionId, "two"));
        var turn2 = JsonNode.Parse(Assert.Single(AcpSession.AgentText(b2)))!;
        Assert.Equal(2, (int)turn2["turn"]!);
        Assert.Equal("""["one","two"]""", turn2["history"]!.ToJsonString());
        Assert.Equal(2, (int)r2.Result!["_meta"]![PlatformAcpMapping.ResultMetaKey]!["turn"]!);
        await first.DisposeAsync();

        await using var second = await AcpSession.AttachAsync(agent, "c2");
        var (loaded, replay) = await second.CallAsync(AcpMethods.SessionLoad, new JsonObject { ["sessionId"] = sessionId, ["cwd"] = "/", ["mcpServers"] = new JsonArray() });
        Assert.Equal("{}", loaded.Result!.ToJsonString());
        Assert.All(replay, m => Assert.Equal(sessionId, m.SessionId));
        Assert.Equal(["user_message_chunk", "agent_message_chunk", "user_message_chunk", "agent_message_chunk"],
            replay.Select(m => (string)m.Params!["update"]!["sessionUpdate"]!));
        Assert.Equal("two", (string)replay[2].Params!["update"]!["content"]!["text"]!);

        var (r3, b3) = await second.CallAsync(AcpMethods.SessionPrompt, AcpSession.Prompt(sessionId, "three"));
        var turn3 = JsonNode.Parse(Assert.Single(AcpSession.AgentText(b3)))!;
        Assert.Equal(3, (int)turn3["turn"]!);
        Assert.Equal("""["one","two","three"]""", turn3["history"]!.ToJsonString());
        Assert.Equal("end_turn", (string)r3.Result!["stopReason"]!);
    }

    [Fact]
    public async Task Tools_asks_through_request_permission_and_a_meta_reply_answers_with_free_text()
    {
        var (relay, agents) = await RelayAsync("tools");
        await using var host = relay;
        await using var client = await AcpSession.AttachAsync(agents.Find("tools")!, "c1");
        var sessionId = await client.NewSessionAsync();
        var promptId = await client.SendAsync(AcpMethods.SessionPrompt, AcpSession.Prompt(sessionId, "hi"));
        var ask = await client.Peer.NextAsync();
        Assert.Equal(JsonRpcKind.Request, ask.Kind);
        Assert.Equal(AcpMethods.SessionRequestPermission, ask.Method);
        Assert.Equal(sessionId, ask.SessionId);
        var toolCall = ask.Params!["toolCall"]!;
        Assert.Equal("question: What is your name?", (string)toolCall["title"]!);
        Assert.Equal("pending", (string)toolCall["status"]!);
        Assert.Equal("other", (string)toolCall["kind"]!);
        Assert.Equal("What is your name?", (string)toolCall["rawInput"]!["question"]!);
        Assert.Equal(["allow_once", "reject_once"], ask.Params["options"]!.AsArray().Select(o => (string)o!["kind"]!));

        var answer = new JsonObject
        {
            ["outcome"] = new JsonObject { ["outcome"] = "selected", ["optionId"] = "allow" },
            ["_meta"] = new JsonObject { [PlatformAcpMapping.ReplyMetaKey] = "Ada" },
        };
        await client.RespondAsync(ask, answer);
        var rest = await client.Peer.UntilAsync(m => AcpSession.IsResponseTo(m, promptId));
        Assert.Equal(["Hello, Ada!"], AcpSession.AgentText(rest));
        var result = rest[^1].Result!;
        Assert.Equal("end_turn", (string)result["stopReason"]!);
        Assert.Equal("""{"tool":"greet","name":"Ada"}""", result["_meta"]![PlatformAcpMapping.ResultMetaKey]!.ToJsonString());
    }

    [Fact]
    public async Task A_selected_option_is_the_reply_and_a_cancelled_outcome_cancels_the_prompt()
    {
        var (relay, agents) = await RelayAsync("tools");
        await using var host = relay;
        await using var client = await AcpSession.AttachAsync(agents.Find("tools")!, "c1");
        var sessionId = await client.NewSessionAsync();
        var promptId = await client.SendAsync(AcpMethods.SessionPrompt, AcpSession.Prompt(sessionId, "hi"));
        var ask = await client.Peer.NextAsync();
        var selected = new JsonObject { ["outcome"] = new JsonObject { ["outcome"] = "selected", ["optionId"] = "allow" } };
        await client.RespondAsync(ask, selected);
        var rest = await client.Peer.UntilAsync(m => AcpSession.IsResponseTo(m, promptId));
        Assert.Equal(["Hello, allow!"], AcpSession.AgentText(rest));

        promptId = await client.SendAsync(AcpMethods.SessionPrompt, AcpSession.Prompt(sessionId, "again"));
        ask = await client.Peer.NextAsync();
        var cancelled = new JsonObject { ["outcome"] = new JsonObject { ["outcome"] = "cancelled" } };
        await client.RespondAsync(ask, cancelled);
        var response = await client.Peer.NextAsync();
        Assert.True(AcpSession.IsResponseTo(response, promptId));
        Assert.Equal("""{"stopReason":"cancelled"}""", response.Result!.ToJsonString());
    }

    [Fact]
    public async Task Session_cancel_interrupts_the_running_prompt_which_ends_cancelled_and_the_session_takes_the_next()
    {
        var (relay, agents) = await RelayAsync("tools", "echo");
        await using var host = relay;
        await using var client = await AcpSession.AttachAsync(agents.Find("tools")!, "c1");
        var sessionId = await client.NewSessionAsync();
        var promptId = await client.SendAsync(AcpMethods.SessionPrompt, AcpSession.Prompt(sessionId, "hi"));
        var ask = await client.Peer.NextAsync();
        Assert.Equal(AcpMethods.SessionRequestPermission, ask.Method);

        // One prompt at a time per session.
        var (busy, _) = await client.CallAsync(AcpMethods.SessionPrompt, AcpSession.Prompt(sessionId, "too soon"));
        Assert.Equal(JsonRpcErrorCodes.InvalidRequest, (int)busy.Error!["code"]!);
        Assert.Contains("already running", (string)busy.Error["message"]!, StringComparison.Ordinal);

        await client.NotifyAsync(AcpMethods.SessionCancel, new JsonObject { ["sessionId"] = sessionId });
        var response = await client.Peer.NextAsync();
        Assert.True(AcpSession.IsResponseTo(response, promptId));
        Assert.Equal("cancelled", (string)response.Result!["stopReason"]!);

        // The late answer to the permission request goes nowhere; the session is free again.
        await client.RespondAsync(ask, new JsonObject { ["outcome"] = new JsonObject { ["outcome"] = "cancelled" } });
        Assert.True(await client.Peer.IsQuietAsync(TimeSpan.FromMilliseconds(300)));
        var next = await client.SendAsync(AcpMethods.SessionPrompt, AcpSession.Prompt(sessionId, "hi"));
        Assert.Equal(AcpMethods.SessionRequestPermission, (await client.Peer.NextAsync()).Method);
        await client.NotifyAsync(AcpMethods.SessionCancel, new JsonObject { ["sessionId"] = sessionId });
        Assert.True(AcpSession.IsResponseTo(await client.Peer.NextAsync(), next));
    }

    [Fact]
    public async Task Unknown_sessions_get_32002_and_unknown_methods_32601()
    {
        var (relay, agents) = await RelayAsync("echo", "conversation");
        await using var host = relay;
        await using var client = await AcpSession.AttachAsync(agents.Find("echo")!, "c1");
        var (prompt, _) = await client.CallAsync(AcpMethods.SessionPrompt, AcpSession.Prompt("nope", "x"));
        Assert.Equal("""{"code":-32002,"message":"Resource not found","data":{"sessionId":"nope"}}""", prompt.Error!.ToJsonString());
        var (load, replay) = await client.CallAsync(AcpMethods.SessionLoad, new JsonObject { ["sessionId"] = "nope", ["cwd"] = "/", ["mcpServers"] = new JsonArray() });
        Assert.Equal(JsonRpcErrorCodes.ResourceNotFound, (int)load.Error!["code"]!);
        Assert.Empty(replay);
        Assert.False(await client.Attachment.AdoptSessionAsync("nope", CancellationToken.None));
        var (method, _) = await client.CallAsync("session/fly", new JsonObject());
        Assert.Equal(JsonRpcErrorCodes.MethodNotFound, (int)method.Error!["code"]!);

        // Another agent's session is not this agent's.
        var sessionId = await client.NewSessionAsync();
        await using var other = await AcpSession.AttachAsync(agents.Find("conversation")!, "c2");
        Assert.False(await other.Attachment.AdoptSessionAsync(sessionId, CancellationToken.None));
        var (foreign, _) = await other.CallAsync(AcpMethods.SessionPrompt, AcpSession.Prompt(sessionId, "x"));
        Assert.Equal(JsonRpcErrorCodes.ResourceNotFound, (int)foreign.Error!["code"]!);
    }

    [Fact]
    public async Task A_session_kept_after_the_client_left_is_adopted_and_its_pending_question_asked_again()
    {
        var (relay, agents) = await RelayAsync("tools");
        await using var host = relay;
        var agent = agents.Find("tools")!;
        var first = await AcpSession.AttachAsync(agent, "c1");
        var sessionId = await first.NewSessionAsync();
        await first.SendAsync(AcpMethods.SessionPrompt, AcpSession.Prompt(sessionId, "hi"));
        var ask = await first.Peer.NextAsync();

        // The edge's resume: a new connection adopts the session while the prompt waits.
        await using var second = await AcpSession.AttachAsync(agent, "c2");
        Assert.True(await second.Attachment.AdoptSessionAsync(sessionId, CancellationToken.None));
        var again = await second.Peer.NextAsync();
        Assert.Equal(ask.ToString(), again.ToString());
        var answer = new JsonObject { ["_meta"] = new JsonObject { [PlatformAcpMapping.ReplyMetaKey] = new JsonObject { ["name"] = "Grace" } } };
        await second.RespondAsync(again, answer);
        // The output reaches the new owner; the prompt's response goes to the connection that asked.
        var update = await second.Peer.NextAsync();
        Assert.Equal(["Hello, Grace!"], AcpSession.AgentText([update]));
        var response = await first.Peer.NextAsync();
        Assert.Equal("end_turn", (string)response.Result!["stopReason"]!);
        await first.DisposeAsync();
    }

    [Fact]
    public async Task Disposing_an_attachment_stops_its_prompt_and_keeps_the_session()
    {
        var (relay, agents) = await RelayAsync("tools");
        await using var host = relay;
        var agent = agents.Find("tools")!;
        var first = await AcpSession.AttachAsync(agent, "c1");
        var sessionId = await first.NewSessionAsync();
        await first.SendAsync(AcpMethods.SessionPrompt, AcpSession.Prompt(sessionId, "hi"));
        Assert.Equal(AcpMethods.SessionRequestPermission, (await first.Peer.NextAsync()).Method);
        await first.DisposeAsync();
        Assert.True(await first.Peer.IsQuietAsync(TimeSpan.FromMilliseconds(200)));

        await using var second = await AcpSession.AttachAsync(agent, "c2");
        var (loaded, replay) = await second.CallAsync(AcpMethods.SessionLoad, new JsonObject { ["sessionId"] = sessionId, ["cwd"] = "/", ["mcpServers"] = new JsonArray() });
        Assert.NotNull(loaded.Result);
        Assert.Equal("user_message_chunk", (string)Assert.Single(replay).Params!["update"]!["sessionUpdate"]!);
        // No prompt is left running in it.
        var promptId = await second.SendAsync(AcpMethods.SessionPrompt, AcpSession.Prompt(sessionId, "hi"));
        Assert.Equal(AcpMethods.SessionRequestPermission, (await second.Peer.NextAsync()).Method);
        await second.NotifyAsync(AcpMethods.SessionCancel, new JsonObject { ["sessionId"] = sessionId });
        Assert.True(AcpSession.IsResponseTo(await second.Peer.NextAsync(), promptId));
    }
}
