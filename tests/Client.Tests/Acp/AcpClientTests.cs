using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using AgentPlatform.Client.Acp;
using AgentPlatform.Protocol.Acp;
using AgentPlatform.TestSupport;

// xUnit1051: every wait here is bounded by its own timeout (WaitAsync, Eventually, the fake agent's 10 s); threading the
// test token through each client call adds noise, not safety (Relay.Tests makes the same choice project-wide).
#pragma warning disable xUnit1051

namespace AgentPlatform.Client.Tests.Acp;

/// <summary>
/// <see cref="AcpClient"/> against an ACP agent on a real Kestrel WebSocket written in the test from the spec
/// (<see cref="FakeAcpAgentServer"/>). The end-to-end test against the Relay's /acp comes with the edge.
/// </summary>
public sealed class AcpClientTests : IAsyncLifetime
{
    private FakeAcpAgentServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FakeAcpAgentServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private Task<AcpClient> ConnectAsync(AcpClientOptions? options = null) => AcpClient.ConnectAsync(_server.Url, FakeAcpAgentServer.Token, options);

    private JsonRpcMessage[] ReceivedBy(string? connection, string method) =>
        [.. _server.Received.Where(r => r.Connection == connection && r.Message.Method == method).Select(r => r.Message)];

    [Fact]
    public async Task A_wrong_token_is_refused_with_401()
    {
        var ex = await Assert.ThrowsAsync<AcpException>(() => AcpClient.ConnectAsync(_server.Url, "wrong"));
        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.Code);
    }

    [Fact]
    public async Task Initialize_sends_version_capabilities_and_client_info_and_returns_the_result()
    {
        var options = new AcpClientOptions { ClientName = "tests", OnReadTextFile = (_, _) => ValueTask.FromResult(new JsonObject { ["content"] = "" }) };
        await using var client = await ConnectAsync(options);
        Assert.True(Guid.TryParse(client.ConnectionId, out _));
        var result = await client.InitializeAsync();
        Assert.Equal("fake", (string)result["agentInfo"]!["name"]!);
        Assert.Equal(1, client.NegotiatedProtocolVersion);
        var sent = Assert.Single(ReceivedBy(client.ConnectionId, AcpMethods.Initialize));
        Assert.Equal("""{"protocolVersion":1,"clientCapabilities":{"fs":{"readTextFile":true,"writeTextFile":false},"terminal":false},"clientInfo":{"name":"tests","version":"1.0.0"}}""",
            sent.Params!.ToJsonString());
        Assert.Equal("n:1", sent.IdKey);
    }

    [Fact]
    public async Task A_prompt_streams_its_updates_in_order_before_returning_the_stop_reason()
    {
        var everything = new ConcurrentQueue<AcpSessionUpdate>();
        await using var client = await ConnectAsync(new AcpClientOptions
        {
            OnSessionUpdate = u =>
            {
                everything.Enqueue(u);
                return ValueTask.CompletedTask;
            },
        });
        await client.InitializeAsync();
        var sessionId = await client.NewSessionAsync("/work");
        Assert.Equal("""{"cwd":"/work","mcpServers":[]}""", Assert.Single(ReceivedBy(client.ConnectionId, AcpMethods.SessionNew)).Params!.ToJsonString());
        var seen = new List<string>();
        var result = await client.PromptAsync(sessionId, "one two three", u =>
        {
            Assert.Equal(sessionId, u.SessionId);
            Assert.Equal("agent_message_chunk", u.Kind);
            seen.Add(u.Text!);
            return ValueTask.CompletedTask;
        });
        Assert.Equal("end_turn", result.StopReason);
        Assert.Equal(["one", "two", "three"], seen);
        Assert.Equal(seen, everything.Select(u => u.Text));
        Assert.All(everything, u => Assert.Null(u.Seq));
    }

    [Fact]
    public async Task Permission_requests_reach_the_handler_and_without_one_are_answered_cancelled()
    {
        await using var client = await ConnectAsync(new AcpClientOptions
        {
            OnRequestPermission = (request, _) =>
            {
                var option = (string)request.Params!["options"]![0]!["optionId"]!;
                return ValueTask.FromResult(new JsonObject { ["outcome"] = new JsonObject { ["outcome"] = "selected", ["optionId"] = option } });
            },
        });
        await client.InitializeAsync();
        var sessionId = await client.NewSessionAsync("/");
        var texts = new List<string>();
        await client.PromptAsync(sessionId, "ask", u => Collect(texts, u));
        Assert.Equal(["""permission {"outcome":{"outcome":"selected","optionId":"yes"}}"""], texts);

        await using var plain = await ConnectAsync();
        await plain.InitializeAsync();
        var other = await plain.NewSessionAsync("/");
        texts.Clear();
        await plain.PromptAsync(other, "ask", u => Collect(texts, u));
        Assert.Equal(["""permission {"outcome":{"outcome":"cancelled"}}"""], texts);
    }

    [Fact]
    public async Task Fs_requests_reach_their_handler_and_unhandled_methods_get_32601()
    {
        await using var client = await ConnectAsync(new AcpClientOptions
        {
            OnReadTextFile = (request, _) => ValueTask.FromResult(new JsonObject { ["content"] = "contents of " + (string)request.Params!["path"]! }),
        });
        await client.InitializeAsync();
        var sessionId = await client.NewSessionAsync("/");
        var texts = new List<string>();
        await client.PromptAsync(sessionId, "read /a.txt", u => Collect(texts, u));
        Assert.Equal(["contents of /a.txt"], texts);

        await using var bare = await ConnectAsync();
        await bare.InitializeAsync();
        var other = await bare.NewSessionAsync("/");
        texts.Clear();
        await bare.PromptAsync(other, "read /a.txt", u => Collect(texts, u));
        Assert.Equal(["error -32601"], texts);
    }

    [Fact]
    public async Task CancelAsync_ends_the_turn_cancelled_and_a_cancelled_token_sends_session_cancel()
    {
        await using var client = await ConnectAsync();
        await client.InitializeAsync();
        var sessionId = await client.NewSessionAsync("/");
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var prompt = client.PromptAsync(sessionId, "wait", _ =>
        {
            waiting.TrySetResult();
            return ValueTask.CompletedTask;
        });
        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await client.CancelAsync(sessionId);
        Assert.Equal("cancelled", (await prompt.WaitAsync(TimeSpan.FromSeconds(10))).StopReason);

        using var cts = new CancellationTokenSource();
        var second = client.PromptAsync(sessionId, "wait", _ =>
        {
            cts.Cancel();
            return ValueTask.CompletedTask;
        }, cts.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.WaitAsync(TimeSpan.FromSeconds(10)));
        var cancels = ReceivedBy(client.ConnectionId, AcpMethods.SessionCancel);
        Assert.Equal(2, cancels.Length);
        Assert.All(cancels, c => Assert.Equal(sessionId, c.SessionId));
    }

    [Fact]
    public async Task Load_on_a_new_connection_returns_the_replayed_history_and_unknown_sessions_throw_32002()
    {
        string sessionId;
        await using (var first = await ConnectAsync())
        {
            await first.InitializeAsync();
            sessionId = await first.NewSessionAsync("/");
            await first.PromptAsync(sessionId, "hello there");
        }
        await using var second = await ConnectAsync();
        await second.InitializeAsync();
        var history = await second.LoadSessionAsync(sessionId, "/");
        Assert.Equal(["user_message_chunk", "agent_message_chunk", "agent_message_chunk"], history.Select(u => u.Kind));
        Assert.Equal(["hello there", "hello", "there"], history.Select(u => u.Text));
        var texts = new List<string>();
        Assert.Equal("end_turn", (await second.PromptAsync(sessionId, "again", u => Collect(texts, u))).StopReason);
        Assert.Equal(["again"], texts);

        var missing = await Assert.ThrowsAsync<AcpException>(() => second.LoadSessionAsync("nope", "/"));
        Assert.Equal(JsonRpcErrorCodes.ResourceNotFound, missing.Code);
        Assert.Equal("nope", (string)missing.Data!["sessionId"]!);
    }

    [Fact]
    public async Task Generic_requests_return_results_or_throw_the_agents_error()
    {
        await using var client = await ConnectAsync();
        await client.InitializeAsync();
        var unknown = await Assert.ThrowsAsync<AcpException>(() => client.RequestAsync("session/fly", new JsonObject()));
        Assert.Equal(JsonRpcErrorCodes.MethodNotFound, unknown.Code);
        var sessionId = await client.NewSessionAsync("/");
        var failed = await Assert.ThrowsAsync<AcpException>(() => client.PromptAsync(sessionId, "fail"));
        Assert.Equal(JsonRpcErrorCodes.InternalError, failed.Code);
        Assert.Equal("it failed", failed.Message);
        Assert.Equal("BOOM", (string)failed.Data!["code"]!);
        await client.NotifyAsync("_custom/ping", new JsonObject { ["x"] = 1 });
        await Eventually.TrueAsync(() => ReceivedBy(client.ConnectionId, "_custom/ping").Length == 1, TimeSpan.FromSeconds(5), "notification arrives");
    }

    [Fact]
    public async Task Garbage_from_the_agent_is_dropped_and_the_connection_goes_on()
    {
        await using var client = await ConnectAsync();
        await client.InitializeAsync();
        var sessionId = await client.NewSessionAsync("/");
        var texts = new List<string>();
        Assert.Equal("end_turn", (await client.PromptAsync(sessionId, "garbage", u => Collect(texts, u))).StopReason);
        Assert.Equal(["after"], texts);
        Assert.Equal("end_turn", (await client.PromptAsync(sessionId, "still alive")).StopReason);
    }

    [Fact]
    public async Task A_request_before_initialize_fails_when_the_agent_closes_with_1002()
    {
        await using var client = await ConnectAsync();
        var ex = await Assert.ThrowsAsync<AcpException>(() => client.NewSessionAsync("/"));
        Assert.Null(ex.Code);
        await client.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(WebSocketCloseStatus.ProtocolError, client.CloseStatus);
        Assert.Equal("First message must be initialize", client.CloseStatusDescription);
    }

    [Fact]
    public async Task With_replay_updates_are_numbered_acknowledged_and_resumed_on_a_new_connection()
    {
        var options = new AcpClientOptions { Replay = true, AckInterval = TimeSpan.FromMilliseconds(20) };
        var first = await ConnectAsync(options);
        await first.InitializeAsync();
        Assert.Equal("""{"agentplatform/replay":true}""", ReceivedBy(first.ConnectionId, AcpMethods.Initialize)[0].Params!["_meta"]!.ToJsonString());
        var sessionId = await first.NewSessionAsync("/");
        var numbered = new List<long?>();
        await first.PromptAsync(sessionId, "a b c", u =>
        {
            numbered.Add(u.Seq);
            return ValueTask.CompletedTask;
        });
        Assert.Equal([1L, 2L, 3L], numbered);
        Assert.Equal(3, first.LastSeq(sessionId));
        await Eventually.TrueAsync(() => ReceivedBy(first.ConnectionId, AcpMethods.ReplayAck).Any(a => (long)a.Params!["seq"]! == 3),
            TimeSpan.FromSeconds(5), "cumulative ack of seq 3");
        Assert.All(ReceivedBy(first.ConnectionId, AcpMethods.ReplayAck), a => Assert.Equal(sessionId, a.SessionId));

        first.AbortConnection();
        await first.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        var after = first.LastSeq(sessionId);
        await first.DisposeAsync();
        await _server.PushAsync(sessionId, "missed-1", "missed-2");

        var resumed = new ConcurrentQueue<AcpSessionUpdate>();
        await using var second = await ConnectAsync(new AcpClientOptions
        {
            Replay = true,
            OnSessionUpdate = u =>
            {
                resumed.Enqueue(u);
                return ValueTask.CompletedTask;
            },
        });
        await second.InitializeAsync();
        var result = await second.ResumeAsync(sessionId, after);
        Assert.Equal(new AcpResumeResult(2, false), result);
        Assert.Equal(["missed-1", "missed-2"], resumed.Select(u => u.Text));
        Assert.Equal([4L, 5L], resumed.Select(u => u.Seq!.Value));
        Assert.Equal(5, second.LastSeq(sessionId));
        var resume = Assert.Single(ReceivedBy(second.ConnectionId, AcpMethods.ReplayResume));
        Assert.Equal($$"""{"sessionId":"{{sessionId}}","after":3}""", resume.Params!.ToJsonString());

        // A second resume from an older point sends some again: the client drops what it already had.
        var again = await second.ResumeAsync(sessionId, 3);
        Assert.Equal(2, again.Replayed);
        Assert.Equal(2, resumed.Count);
    }

    private static ValueTask Collect(List<string> texts, AcpSessionUpdate update)
    {
        texts.Add(update.Text!);
        return ValueTask.CompletedTask;
    }
}
