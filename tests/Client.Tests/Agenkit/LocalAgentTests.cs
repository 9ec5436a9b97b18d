using System.Text.Json.Nodes;
using AgentPlatform.Client.Agenkit;
using AgentPlatform.Functions.Agents;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Client.Tests.Agenkit;

/// <summary>LocalAgent and RemoteAgent against each other over real Unix and TCP sockets.</summary>
public sealed class LocalAgentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(AgenkitHosts.Transports), MemberType = typeof(AgenkitHosts))]
    public async Task Process_on_echo_returns_the_content_exactly_with_the_agents_role(string transport)
    {
        await using var host = await AgenkitHosts.StartAsync(transport, [new EchoAgent()]);
        await using var remote = new RemoteAgent("echo", host.Endpoint);
        var content = JsonNode.Parse("""{"text":"hi ✓","n":42,"big":9007199254740993,"list":[1,"two",null,true],"nested":{"x":1.5}}""");
        var answer = await remote.ProcessAsync(new AgenkitMessage("user", content, [], AgenkitProtocol.FormatTimestamp(DateTimeOffset.UtcNow)), Ct);
        Assert.Equal("agent", answer.Role);
        Assert.True(JsonNode.DeepEquals(content, answer.Content), answer.Content?.ToJsonString());
        Assert.Equal("echo", answer.Metadata["agent"]!.GetValue<string>());
        Assert.False(answer.Metadata.ContainsKey("result"));
        Assert.EndsWith("Z", answer.Timestamp, StringComparison.Ordinal);
        AgenkitHosts.RemoveFolderOf(host.Endpoint.ToString());
    }

    [Theory]
    [MemberData(nameof(AgenkitHosts.Transports), MemberType = typeof(AgenkitHosts))]
    public async Task Stream_yields_one_numbered_message_per_chunk_and_stream_end_carries_the_result(string transport)
    {
        await using var host = await AgenkitHosts.StartAsync(transport, [new ProbeAgent()]);
        await using var remote = new RemoteAgent("probe", host.Endpoint);
        var request = new AgenkitMessage("user", JsonNode.Parse("""{"chunks":3,"size":5,"result":{"done":true}}"""), [], "");
        var messages = new List<AgenkitMessage>();
        await foreach (var m in remote.StreamAsync(request, Ct)) messages.Add(m);
        Assert.Equal(3, messages.Count);
        Assert.All(messages, m => Assert.Equal("xxxxx", m.ContentText));
        Assert.Equal([0, 1, 2], messages.Select(m => m.Metadata["seq"]!.GetValue<int>()));
        Assert.All(messages, m => Assert.Equal("probe", m.Metadata["agent"]!.GetValue<string>()));

        // The frames themselves: chunks, then stream_end with the result, all under the request's id.
        await using var connection = await AgenkitConnection.ConnectAsync(host.Endpoint, new RemoteAgentOptions(), Ct);
        await using var call = await connection.StartAsync(AgenkitEnvelope.ForRequest("s-1", AgenkitMethods.Stream, "probe", request), Ct);
        var frames = new List<AgenkitEnvelope>();
        while (await call.ReadAsync(Ct) is { } frame) frames.Add(frame);
        Assert.Equal([.. Enumerable.Repeat(AgenkitMessageType.StreamChunk, 3), AgenkitMessageType.StreamEnd], frames.Select(f => f.Type));
        Assert.All(frames, f => Assert.Equal("s-1", f.Id));
        Assert.Equal("""{"done":true}""", frames[3].Payload["result"]!.ToJsonString());
        AgenkitHosts.RemoveFolderOf(host.Endpoint.ToString());
    }

    [Fact]
    public async Task Process_joins_text_chunks_and_keeps_the_result_in_metadata()
    {
        await using var host = await AgenkitHosts.StartAsync("unix", [new ProbeAgent()]);
        await using var remote = new RemoteAgent("probe", host.Endpoint);
        var answer = await remote.ProcessAsync(new AgenkitMessage("user", JsonNode.Parse("""{"chunks":3,"size":2,"result":7}"""), [], ""), Ct);
        Assert.Equal("xxxxxx", answer.ContentText);
        Assert.Equal(7, answer.Metadata["result"]!.GetValue<int>());
        var resultOnly = await remote.ProcessAsync(new AgenkitMessage("user", JsonNode.Parse("""{"result":[1,2]}"""), [], ""), Ct);
        Assert.Equal("", resultOnly.ContentText);
        Assert.Equal("[1,2]", resultOnly.Metadata["result"]!.ToJsonString());
        var twoValues = await remote.ProcessAsync(new AgenkitMessage("user", JsonNode.Parse("""{"echo":{"a":1},"chunks":1,"size":1}"""), [], ""), Ct);
        Assert.Equal("""[{"a":1},"x"]""", twoValues.Content!.ToJsonString());
        AgenkitHosts.RemoveFolderOf(host.Endpoint.ToString());
    }

    [Theory]
    [MemberData(nameof(AgenkitHosts.Transports), MemberType = typeof(AgenkitHosts))]
    public async Task An_unknown_agent_is_AGENT_NOT_FOUND_naming_the_available_ones_and_is_not_retried(string transport)
    {
        await using var host = await AgenkitHosts.StartAsync(transport, [new EchoAgent(), new ProbeAgent()]);
        await using var remote = new RemoteAgent("nobody", host.Endpoint, new RemoteAgentOptions { MaxAttempts = 3 });
        var ex = await Assert.ThrowsAsync<AgenkitRemoteException>(() => remote.ProcessAsync("x", Ct));
        Assert.Equal(AgenkitErrorCodes.AgentNotFound, ex.Code);
        Assert.False(ex.Retryable);
        Assert.Equal(["echo", "probe"], ex.Details!["available_agents"]!.AsArray().Select(n => n!.GetValue<string>()));
        // The connection survives a request-level error.
        await using var echo = new RemoteAgent("echo", host.Endpoint);
        Assert.Equal("still here", (await echo.ProcessAsync("still here", Ct)).ContentText);
        AgenkitHosts.RemoveFolderOf(host.Endpoint.ToString());
    }

    [Fact]
    public async Task An_agent_error_keeps_its_platform_code_in_the_details()
    {
        await using var host = await AgenkitHosts.StartAsync("tcp", [new ProbeAgent()]);
        await using var remote = new RemoteAgent("probe", host.Endpoint, new RemoteAgentOptions { MaxAttempts = 1 });
        var ex = await Assert.ThrowsAsync<AgenkitRemoteException>(() => remote.ProcessAsync(new AgenkitMessage("user", JsonNode.Parse("""{"fail":"TIMEOUT"}"""), [], ""), Ct));
        Assert.Equal(AgenkitErrorCodes.AgentTimeout, ex.Code);
        Assert.Equal("TIMEOUT", ex.Details!["asp_code"]!.GetValue<string>());
        var bad = await Assert.ThrowsAsync<AgenkitRemoteException>(() => remote.ProcessAsync(new AgenkitMessage("user", JsonNode.Parse("""{"fail":"BAD_INPUT"}"""), [], ""), Ct));
        Assert.Equal(AgenkitErrorCodes.InternalError, bad.Code);
        Assert.Equal(("BAD_INPUT", false, "probe"), (bad.Details!["asp_code"]!.GetValue<string>(), bad.Details["retryable"]!.GetValue<bool>(), bad.Details["agent_name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_agent_that_asks_the_caller_fails_cleanly_because_agenkit_cannot_carry_a_question()
    {
        await using var host = await AgenkitHosts.StartAsync("unix", [new ToolsAgent()]);
        await using var remote = new RemoteAgent("tools", host.Endpoint, new RemoteAgentOptions { MaxAttempts = 1 });
        var ex = await Assert.ThrowsAsync<AgenkitRemoteException>(() => remote.ProcessAsync("hi", Ct));
        Assert.Equal(AgenkitErrorCodes.InternalError, ex.Code);
        Assert.Equal(("agent_request_unsupported", "question"), (ex.Details!["reason"]!.GetValue<string>(), ex.Details["kind"]!.GetValue<string>()));
        AgenkitHosts.RemoveFolderOf(host.Endpoint.ToString());
    }

    [Fact]
    public async Task The_conversation_agent_keeps_a_session_named_in_metadata_across_connections()
    {
        await using var host = await AgenkitHosts.StartAsync("unix", [new ConversationAgent()]);
        JsonNode? last = null;
        for (var turn = 1; turn <= 3; turn++)
        {
            // A new RemoteAgent (so a new connection) each turn: the session is the metadata's, not the connection's.
            await using var remote = new RemoteAgent("conversation", host.Endpoint);
            var message = new AgenkitMessage("user", "turn " + turn, new JsonObject { ["session_id"] = "s-1" }, "");
            last = (await remote.ProcessAsync(message, Ct)).Content;
        }
        Assert.Equal(3, last!["turn"]!.GetValue<int>());
        Assert.Equal(["turn 1", "turn 2", "turn 3"], last["history"]!.AsArray().Select(n => n!.GetValue<string>()));
        AgenkitHosts.RemoveFolderOf(host.Endpoint.ToString());
    }

    [Theory]
    [MemberData(nameof(AgenkitHosts.Transports), MemberType = typeof(AgenkitHosts))]
    public async Task Requests_pipelined_on_one_connection_are_answered_out_of_order_by_id(string transport)
    {
        await using var host = await AgenkitHosts.StartAsync(transport, [new ProbeAgent()]);
        await using var remote = new RemoteAgent("probe", host.Endpoint, new RemoteAgentOptions { MaxConnections = 1 });
        // Later requests finish first: answers cross on the wire, and each still reaches its own caller.
        var calls = Enumerable.Range(0, 40).Select(i => remote.ProcessAsync(
            new AgenkitMessage("user", new JsonObject { ["delayMs"] = (40 - i) * 5, ["echo"] = "call-" + i }, [], ""), Ct)).ToList();
        var answers = await Task.WhenAll(calls);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => "call-" + i), answers.Select(a => a.ContentText));
        Assert.Equal(1, host.ConnectionCount);
        AgenkitHosts.RemoveFolderOf(host.Endpoint.ToString());
    }

    [Fact]
    public async Task A_request_past_its_deadline_is_AGENT_TIMEOUT_and_the_agent_is_cancelled()
    {
        var probe = new ProbeAgent();
        await using var host = await AgenkitHosts.StartAsync("unix", [probe], o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));
        await using var remote = new RemoteAgent("probe", host.Endpoint, new RemoteAgentOptions { MaxAttempts = 1 });
        var ex = await Assert.ThrowsAsync<AgenkitRemoteException>(() => remote.ProcessAsync(new AgenkitMessage("user", JsonNode.Parse("""{"hang":true}"""), [], ""), Ct));
        Assert.Equal(AgenkitErrorCodes.AgentTimeout, ex.Code);
        await probe.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        AgenkitHosts.RemoveFolderOf(host.Endpoint.ToString());
    }

    [Fact]
    public async Task An_idle_connection_is_closed_and_the_pool_reconnects_on_the_next_call()
    {
        await using var host = await AgenkitHosts.StartAsync("tcp", [new EchoAgent()], o => o.IdleTimeout = TimeSpan.FromMilliseconds(300));
        await using var remote = new RemoteAgent("echo", host.Endpoint);
        Assert.Equal("one", (await remote.ProcessAsync("one", Ct)).ContentText);
        await TestSupport.Eventually.TrueAsync(() => Task.FromResult(host.ConnectionCount == 0), TimeSpan.FromSeconds(5), "idle connection closed");
        Assert.Equal("two", (await remote.ProcessAsync("two", Ct)).ContentText);
    }

    [Theory]
    [MemberData(nameof(AgenkitHosts.Transports), MemberType = typeof(AgenkitHosts))]
    public async Task MessagePack_is_used_when_both_sides_want_it_and_JSON_otherwise(string transport)
    {
        await using var host = await AgenkitHosts.StartAsync(transport, [new EchoAgent()], o => o.AllowMessagePack = true);
        await using (var packed = await AgenkitConnection.ConnectAsync(host.Endpoint, new RemoteAgentOptions { Codec = AgenkitCodec.MessagePack }, Ct))
        {
            Assert.Equal(AgenkitCodec.MessagePack, packed.Codec);
            var answer = await packed.CallAsync(AgenkitEnvelope.ForRequest(packed.NewId(), AgenkitMethods.Process, "echo", AgenkitMessage.Text("user", "packed")), Ct);
            Assert.Equal("packed", ((JsonObject)answer.Payload["message"]!)["content"]!.GetValue<string>());
        }
        await using var remote = new RemoteAgent("echo", host.Endpoint, new RemoteAgentOptions { Codec = AgenkitCodec.MessagePack });
        Assert.Equal("via pool", (await remote.ProcessAsync("via pool", Ct)).ContentText);

        // Off by default, as on the Relay.
        await using var jsonOnly = await AgenkitHosts.StartAsync(transport, [new EchoAgent()]);
        await using var refused = await AgenkitConnection.ConnectAsync(jsonOnly.Endpoint, new RemoteAgentOptions { Codec = AgenkitCodec.MessagePack }, Ct);
        Assert.Equal(AgenkitCodec.Json, refused.Codec);
        var plain = await refused.CallAsync(AgenkitEnvelope.ForRequest(refused.NewId(), AgenkitMethods.Process, "echo", AgenkitMessage.Text("user", "plain")), Ct);
        Assert.Equal(AgenkitMessageType.Response, plain.Type);
        AgenkitHosts.RemoveFolderOf(host.Endpoint.ToString());
        AgenkitHosts.RemoveFolderOf(jsonOnly.Endpoint.ToString());
    }

    [Fact]
    public async Task A_heartbeat_is_answered_and_register_is_refused_because_a_LocalAgent_is_not_a_registry()
    {
        await using var host = await AgenkitHosts.StartAsync("unix", [new EchoAgent()]);
        await using var connection = await AgenkitConnection.ConnectAsync(host.Endpoint, new RemoteAgentOptions(), Ct);
        var pong = await connection.CallAsync(AgenkitEnvelope.Create(AgenkitMessageType.Heartbeat, connection.NewId(), new AgenkitHeartbeat("echo", "healthy").ToPayload()), Ct);
        Assert.Equal(("echo", "ok"), (pong.Payload["agent_name"]!.GetValue<string>(), pong.Payload["status"]!.GetValue<string>()));
        var ex = await Assert.ThrowsAsync<AgenkitRemoteException>(() => connection.CallAsync(AgenkitEnvelope.Create(AgenkitMessageType.Register, connection.NewId(),
            new AgenkitRegistration("x", "unix:///x", [], []).ToPayload()), Ct));
        Assert.Equal(AgenkitErrorCodes.RegistrationFailed, ex.Code);
        AgenkitHosts.RemoveFolderOf(host.Endpoint.ToString());
    }

    [Fact]
    public async Task A_connection_over_the_limit_is_told_CONNECTION_FAILED_and_closed()
    {
        await using var host = await AgenkitHosts.StartAsync("tcp", [new EchoAgent()], o => o.MaxConnections = 1);
        await using var first = await RawAgenkitSocket.ConnectAsync(host.Endpoint);
        await TestSupport.Eventually.TrueAsync(() => host.ConnectionCount == 1, TimeSpan.FromSeconds(5), "first connection admitted");
        await using var second = await RawAgenkitSocket.ConnectAsync(host.Endpoint);
        var refusal = await second.ReadAsync();
        Assert.Equal((AgenkitMessageType.Error, "unknown"), (refusal!.Type, refusal.Id));
        Assert.Equal(AgenkitErrorCodes.ConnectionFailed, refusal.Payload["error_code"]!.GetValue<string>());
        Assert.True(await second.ClosedWithinAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task An_id_already_in_flight_is_refused_by_id_and_the_first_request_goes_on()
    {
        var probe = new ProbeAgent();
        await using var host = await AgenkitHosts.StartAsync("unix", [probe]);
        await using var socket = await RawAgenkitSocket.ConnectAsync(host.Endpoint);
        var slow = AgenkitEnvelope.ForRequest("same", AgenkitMethods.Process, "probe", new AgenkitMessage("user", JsonNode.Parse("""{"delayMs":300,"echo":"first"}"""), [], ""));
        await socket.SendAsync(slow);
        await socket.SendAsync(slow);
        var refusal = await socket.ReadAsync();
        Assert.Equal((AgenkitMessageType.Error, "same"), (refusal!.Type, refusal.Id));
        Assert.Equal("duplicate_id", refusal.Payload["error_details"]!["reason"]!.GetValue<string>());
        var answer = await socket.ReadAsync();
        Assert.Equal((AgenkitMessageType.Response, "first"), (answer!.Type, ((JsonObject)answer.Payload["message"]!)["content"]!.GetValue<string>()));
        AgenkitHosts.RemoveFolderOf(host.Endpoint.ToString());
    }
}
