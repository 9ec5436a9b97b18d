using System.Diagnostics;
using AgentPlatform.Client.Agenkit;
using AgentPlatform.Functions.Agents;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Client.Tests.Agenkit;

/// <summary>RemoteAgent's own behaviour: pooling, deadlines, retries and their limits.</summary>
public sealed class RemoteAgentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(AgenkitHosts.Transports), MemberType = typeof(AgenkitHosts))]
    public async Task Nothing_listening_is_CONNECTION_FAILED_after_every_attempt(string transport)
    {
        var endpoint = AgenkitHosts.NewEndpoint(transport);
        var options = new RemoteAgentOptions { MaxAttempts = 3, InitialBackoff = TimeSpan.FromMilliseconds(20) };
        await using var remote = new RemoteAgent("missing", endpoint, options);
        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<AgenkitRemoteException>(() => remote.ProcessAsync("test", Ct));
        Assert.Equal(AgenkitErrorCodes.ConnectionFailed, ex.Code);
        Assert.True(ex.Retryable);
        // Two backoffs of ~20 and ~40 ms happened between the three attempts.
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(40), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_connection_dropped_before_the_answer_is_retried_on_a_new_connection()
    {
        await using var server = new ScriptedServer(async c =>
        {
            var request = await c.ReadAsync();
            if (c.Index == 0)
            {
                c.Reset();   // the first connection dies mid-request
                return;
            }
            while (request is not null)
            {
                await c.EchoAsync(request);
                request = await c.ReadAsync();
            }
        });
        await using var remote = new RemoteAgent("any", server.Endpoint, new RemoteAgentOptions { InitialBackoff = TimeSpan.FromMilliseconds(10) });
        Assert.Equal("again", (await remote.ProcessAsync("again", Ct)).ContentText);
        Assert.Equal(2, server.Accepted);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Retryable_errors_are_retried_up_to_MaxAttempts_and_the_last_one_is_thrown()
    {
        await using var server = new ScriptedServer(async c =>
        {
            while (await c.ReadAsync() is { } request)
            {
                await c.WriteAsync(AgenkitEnvelope.ForError(request.Id, new AgenkitError(AgenkitErrorCodes.AgentUnavailable, "busy")));
            }
        });
        await using var remote = new RemoteAgent("any", server.Endpoint, new RemoteAgentOptions { MaxAttempts = 4, InitialBackoff = TimeSpan.FromMilliseconds(5) });
        var ex = await Assert.ThrowsAsync<AgenkitRemoteException>(() => remote.ProcessAsync("x", Ct));
        Assert.Equal(AgenkitErrorCodes.AgentUnavailable, ex.Code);
        Assert.Equal(4, server.Requests.Count);
        // The connection itself was fine: all four attempts used it.
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task A_silent_peer_is_AGENT_TIMEOUT_per_attempt_and_a_late_answer_is_dropped()
    {
        var answers = new List<string>();
        var lateSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new ScriptedServer(async c =>
        {
            while (await c.ReadAsync() is { } request)
            {
                lock (answers) answers.Add(request.Id);
                if (answers.Count == 1)
                {
                    // Answer the first attempt only after the client gave up on it (its 3 s timeout).
                    _ = Task.Delay(4000, c.Stopping).ContinueWith(async _ =>
                    {
                        await c.EchoAsync(request);
                        lateSent.TrySetResult();
                    }, TaskScheduler.Default).Unwrap();
                    continue;
                }
                await c.EchoAsync(request);
            }
        });
        await using var remote = new RemoteAgent("any", server.Endpoint, new RemoteAgentOptions
        {
            // Generous against a loaded machine: the second attempt has 3 s, the first answer comes a second after that.
            Timeout = TimeSpan.FromSeconds(3), MaxAttempts = 2, InitialBackoff = TimeSpan.FromMilliseconds(10),
        });
        Assert.Equal("second try", (await remote.ProcessAsync("second try", Ct)).ContentText);
        Assert.Equal(2, answers.Distinct().Count());
        await lateSent.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);   // the late answer, for an id nobody waits on: ignored
        await Task.Delay(100, Ct);   // let the client read it before the next call
        Assert.Equal("still fine", (await remote.ProcessAsync("still fine", Ct)).ContentText);

        await using var once = new RemoteAgent("any", server.Endpoint, new RemoteAgentOptions { Timeout = TimeSpan.FromMilliseconds(200), MaxAttempts = 1 });
        lock (answers) answers.Clear();
        var ex = await Assert.ThrowsAsync<AgenkitRemoteException>(() => once.ProcessAsync("x", Ct));
        Assert.Equal(AgenkitErrorCodes.AgentTimeout, ex.Code);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_retried_and_surfaces_as_cancellation()
    {
        await using var host = await AgenkitHosts.StartAsync("tcp", [new ProbeAgent()]);
        await using var remote = new RemoteAgent("probe", host.Endpoint);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var message = new AgenkitMessage("user", System.Text.Json.Nodes.JsonNode.Parse("""{"hang":true}"""), [], "");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => remote.ProcessAsync(message, cts.Token));
    }

    [Fact]
    public async Task The_pool_pipelines_first_and_opens_more_connections_only_past_the_pipeline_depth()
    {
        await using var host = await AgenkitHosts.StartAsync("unix", [new ProbeAgent()]);
        await using var remote = new RemoteAgent("probe", host.Endpoint, new RemoteAgentOptions { PipelineDepth = 4, MaxConnections = 3 });
        Assert.Equal("warm", (await remote.ProcessAsync("warm", Ct)).ContentText);
        Assert.Equal(1, host.ConnectionCount);
        var slow = new AgenkitMessage("user", System.Text.Json.Nodes.JsonNode.Parse("""{"delayMs":300,"echo":"s"}"""), [], "");
        var calls = Enumerable.Range(0, 20).Select(_ => remote.ProcessAsync(slow, Ct)).ToList();
        await Eventually.TrueAsync(() => host.ConnectionCount == 3, TimeSpan.FromSeconds(5), "the pool grew to its limit");
        await Task.WhenAll(calls);
        Assert.Equal(3, host.ConnectionCount);
        AgenkitHosts.RemoveFolderOf(host.Endpoint.ToString());
    }

    [Fact]
    public async Task A_request_over_the_frame_limit_is_refused_before_anything_is_sent()
    {
        await using var server = new ScriptedServer(async c =>
        {
            while (await c.ReadAsync() is { } request) await c.EchoAsync(request);
        });
        await using var remote = new RemoteAgent("any", server.Endpoint, new RemoteAgentOptions { MaxFrameBytes = 1024 });
        var ex = await Assert.ThrowsAsync<AgenkitRemoteException>(() => remote.ProcessAsync(new string('x', 2000), Ct));
        Assert.Equal(AgenkitErrorCodes.MessageTooLarge, ex.Code);
        Assert.Empty(server.Requests);
        Assert.Equal("small", (await remote.ProcessAsync("small", Ct)).ContentText);
    }

    [Fact]
    public async Task A_batch_is_pipelined_and_answered_in_order()
    {
        await using var host = await AgenkitHosts.StartAsync("tcp", [new EchoAgent()]);
        await using var remote = new RemoteAgent("echo", host.Endpoint);
        var answers = await remote.ProcessBatchAsync([.. Enumerable.Range(0, 25).Select(i => AgenkitMessage.Text("user", "m" + i))], Ct);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => "m" + i), answers.Select(a => a.ContentText));
    }

    [Theory]
    [InlineData("unix:///tmp/a.sock", true)]
    [InlineData("tcp://127.0.0.1:8080", true)]
    [InlineData("tcp://[::1]:9", true)]
    [InlineData("tcp://localhost:0", true)]
    [InlineData("tcp://host", false)]
    [InlineData("tcp://:80", false)]
    [InlineData("tcp://h:70000", false)]
    [InlineData("unix://", false)]
    [InlineData("http://x:1", false)]
    public void Endpoints_parse_strictly_and_print_back_the_same(string text, bool valid)
    {
        Assert.Equal(valid, AgenkitEndpoint.TryParse(text, out var endpoint));
        if (valid) Assert.Equal(text, endpoint!.ToString());
    }
}
