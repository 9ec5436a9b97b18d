using System.Buffers;
using System.Diagnostics;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Relay.Tests.Infrastructure;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Relay.Tests.AspV1;

/// <summary>INVOKE routed through the Registry view to the real Functions app over HTTP, streamed back.</summary>
[Collection(PlatformGroup.Name)]
public sealed class RelayModeTests(PlatformFixture platform)
{
    [Fact]
    public async Task Echo_returns_the_input_byte_for_byte_in_one_STREAM_then_COMPLETE_with_metrics()
    {
        await using var relay = await platform.StartRelayAsync();
        await relay.WaitForAgentAsync("echo");
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        // Binary stays binary, 64-bit integers stay exact, the encoding is the client's own (int64 5 written wide).
        byte[] input = [0x83, 0xa1, 0x62, 0xc4, 0x03, 0x00, 0xff, 0x01, 0xa1, 0x6e, 0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xa1, 0x77, 0xd3, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05];
        await client.SendAsync(new InvokeFrame("e1", "echo", MsgPackValue.FromRaw(input)));
        var frames = await client.ReceiveUntilAsync(f => f is CompleteFrame or ErrorFrame);
        var stream = Assert.Single(frames.OfType<StreamFrame>());
        Assert.Equal("e1", stream.Id);
        Assert.Equal(0UL, stream.Seq);
        Assert.True(stream.Data.TryGetRaw(out var raw));
        Assert.Equal(input, raw.ToArray());
        var complete = Assert.IsType<CompleteFrame>(frames[^1]);
        Assert.Equal("e1", complete.Id);
        Assert.NotNull(complete.Metrics);
        Assert.Equal(1UL, complete.Metrics!.Chunks);
        Assert.Equal((ulong)input.Length, complete.Metrics.Bytes);
        Assert.True(complete.Metrics.DurationMs > 0);
    }

    [Fact]
    public async Task Chunks_arrive_as_they_are_produced_not_at_the_end()
    {
        await using var relay = await platform.StartRelayAsync();
        await relay.WaitForAgentAsync(TickerAgent.AgentName);
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        await client.SendAsync(new InvokeFrame("t1", TickerAgent.AgentName, MsgPackValue.Map(("count", 5), ("delayMs", 200))));
        var first = Assert.IsType<StreamFrame>(await client.ReceiveAsync());
        var sw = Stopwatch.StartNew();
        var rest = await client.ReceiveUntilAsync(f => f is CompleteFrame);
        // The first chunk came ~800 ms before the end: it was not held back until the function finished.
        Assert.True(sw.ElapsedMilliseconds >= 600, $"first chunk only {sw.ElapsedMilliseconds} ms before COMPLETE");
        var seqs = new[] { first }.Concat(rest.OfType<StreamFrame>()).Select(s => (long)s.Seq).ToArray();
        Assert.Equal([0, 1, 2, 3, 4], seqs);
        var complete = Assert.IsType<CompleteFrame>(rest[^1]);
        Assert.Equal("done", complete.Result!.AsString());
        Assert.Equal(5UL, complete.Metrics!.Chunks);
    }

    [Fact]
    public async Task An_agent_slower_to_its_first_chunk_than_the_HTTP_attempt_timeout_still_completes()
    {
        // The invocation has its own deadline (timeoutMs / Relay:FunctionTimeout); the generic outgoing-HTTP timeouts
        // (here cut to 300 ms) must not end an agent that thinks for a while before it writes anything.
        await using var relay = await platform.StartRelayAsync(new()
        {
            ["AgentPlatform:HttpResilience:AttemptTimeout:Timeout"] = "00:00:00.300",
            ["AgentPlatform:HttpResilience:TotalRequestTimeout:Timeout"] = "00:00:00.500",
        });
        await relay.WaitForAgentAsync(TickerAgent.AgentName);
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        await client.SendAsync(new InvokeFrame("slow1", TickerAgent.AgentName, MsgPackValue.Map(("count", 1), ("delayMs", 0), ("startDelayMs", 1200))));
        var frames = await client.ReceiveUntilAsync(f => f is CompleteFrame or ErrorFrame);
        var complete = Assert.IsType<CompleteFrame>(frames[^1]);
        Assert.Equal("done", complete.Result!.AsString());
        // A margin for timer granularity (one CI run measured 1198 ms): what matters is that it ran past 500 ms.
        Assert.True(complete.Metrics!.DurationMs >= 1150, "took " + complete.Metrics.DurationMs + " ms");
    }

    [Fact]
    public async Task Steering_goes_to_the_running_function_and_an_unknown_id_is_answered_without_ending_anything()
    {
        await using var relay = await platform.StartRelayAsync();
        await relay.WaitForAgentAsync(TickerAgent.AgentName);
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        await client.SendAsync(new InterruptFrame("nobody") { Data = "x" });
        var unknown = Assert.IsType<ErrorFrame>(await client.ReceiveAsync());
        Assert.Equal(("nobody", AspErrorCodes.UnknownInvocation), (unknown.Id, unknown.Code));

        await client.SendAsync(new InvokeFrame("st1", TickerAgent.AgentName, MsgPackValue.Map(("count", 20), ("delayMs", 30))));
        Assert.IsType<StreamFrame>(await client.ReceiveAsync());
        await client.SendAsync(new InterruptFrame("st1") { Data = MsgPackValue.Map(("turn", "left")) });
        var frames = await client.ReceiveUntilAsync(f => f is CompleteFrame or ErrorFrame);
        Assert.IsType<CompleteFrame>(frames[^1]);
        var steered = Assert.Single(frames.OfType<StreamFrame>(), f => f.Data.Kind == MsgPackValueKind.Map);
        Assert.Equal("left", steered.Data["steered"]["turn"].AsString());
        Assert.False(platform.Ticker.Cancelled.ContainsKey("st1"));
    }

    [Fact]
    public async Task Many_invocations_interleave_on_one_connection_each_in_order()
    {
        await using var relay = await platform.StartRelayAsync();
        await relay.WaitForAgentAsync(TickerAgent.AgentName);
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        const int N = 12;
        for (var i = 0; i < N; i++)
        {
            await client.SendAsync(new InvokeFrame("i" + i, TickerAgent.AgentName, MsgPackValue.Map(("count", 6), ("delayMs", 30))));
        }
        var order = new List<string>();
        var chunks = new Dictionary<string, List<ulong>>();
        var completed = 0;
        while (completed < N)
        {
            var frame = await client.ReceiveAsync();
            switch (frame)
            {
                case StreamFrame s:
                    order.Add(s.Id);
                    (chunks.TryGetValue(s.Id, out var l) ? l : chunks[s.Id] = []).Add(s.Seq);
                    break;
                case CompleteFrame:
                    completed++;
                    break;
                default:
                    Assert.Fail("unexpected " + frame);
                    break;
            }
        }
        Assert.Equal(N, chunks.Count);
        Assert.All(chunks.Values, l => Assert.Equal([0UL, 1, 2, 3, 4, 5], l));
        // Interleaved: the stream switches between invocations far more often than N - 1 times.
        var switches = order.Zip(order.Skip(1)).Count(p => p.First != p.Second);
        Assert.True(switches > N * 2, $"only {switches} switches between invocations");
    }

    [Fact]
    public async Task Interrupt_answers_INTERRUPTED_at_once_and_fires_the_functions_cancellation_token()
    {
        await using var relay = await platform.StartRelayAsync();
        await relay.WaitForAgentAsync(TickerAgent.AgentName);
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        await client.SendAsync(new InvokeFrame("stop-me", TickerAgent.AgentName, MsgPackValue.Map(("count", 1000), ("delayMs", 20))));
        Assert.IsType<StreamFrame>(await client.ReceiveAsync());
        await client.SendAsync(new InterruptFrame("stop-me") { Reason = "enough" });
        var frames = await client.ReceiveUntilAsync(f => f is ErrorFrame);
        var error = Assert.IsType<ErrorFrame>(frames[^1]);
        Assert.Equal(AspErrorCodes.Interrupted, error.Code);
        Assert.False(error.Retryable);
        Assert.Equal("stop-me", error.Id);
        await Eventually.TrueAsync(() => platform.Ticker.Cancelled.ContainsKey("stop-me"), TimeSpan.FromSeconds(5), "function token fired");
        // Nothing for that invocation after the ERROR.
        Assert.Null(await TryReceiveQuietlyAsync(client, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task An_unknown_agent_gets_UNKNOWN_AGENT_and_the_connection_stays_usable()
    {
        await using var relay = await platform.StartRelayAsync();
        await relay.WaitForAgentAsync("echo");
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        await client.SendAsync(new InvokeFrame("u1", "no-such-agent", MsgPackValue.Nil));
        var error = Assert.IsType<ErrorFrame>(await client.ReceiveAsync());
        Assert.Equal(AspErrorCodes.UnknownAgent, error.Code);
        Assert.False(error.Retryable);
        await client.SendAsync(new InvokeFrame("u2", "echo", MsgPackValue.From("still here")));
        Assert.IsType<StreamFrame>(await client.ReceiveAsync());
        Assert.IsType<CompleteFrame>(await client.ReceiveAsync());
    }

    [Fact]
    public async Task A_client_deadline_ends_the_invocation_with_TIMEOUT_retryable_and_cancels_the_function()
    {
        await using var relay = await platform.StartRelayAsync();
        await relay.WaitForAgentAsync(TickerAgent.AgentName);
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        await client.SendAsync(new InvokeFrame("slow", TickerAgent.AgentName, MsgPackValue.Map(("count", 100), ("delayMs", 100))) { TimeoutMs = 400 });
        var frames = await client.ReceiveUntilAsync(f => f is ErrorFrame or CompleteFrame);
        var error = Assert.IsType<ErrorFrame>(frames[^1]);
        Assert.Equal(AspErrorCodes.Timeout, error.Code);
        Assert.True(error.Retryable);
        await Eventually.TrueAsync(() => platform.Ticker.Cancelled.ContainsKey("slow"), TimeSpan.FromSeconds(5), "function token fired");
    }

    [Fact]
    public async Task Tools_agent_pushes_TOOL_DEF_asks_through_REQUEST_and_uses_the_REPLY()
    {
        await using var relay = await platform.StartRelayAsync();
        await relay.WaitForAgentAsync("tools");
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        await client.SendAsync(new InvokeFrame("q1", "tools", MsgPackValue.Map(("question", "who are you?"))));
        var frames = await client.ReceiveUntilAsync(f => f is RequestFrame);
        var tools = Assert.Single(frames.OfType<ToolDefFrame>());
        Assert.Equal("greet", Assert.Single(tools.Tools).Name);
        Assert.Equal("q1", tools.Id);
        var request = (RequestFrame)frames[^1];
        Assert.Equal("q1", request.Id);
        await client.SendAsync(new ReplyFrame("q1", request.Rid, MsgPackValue.From("Ada")));
        var rest = await client.ReceiveUntilAsync(f => f is CompleteFrame or ErrorFrame);
        Assert.Equal("Hello, Ada!", Assert.Single(rest.OfType<StreamFrame>()).Data.AsString());
        Assert.IsType<CompleteFrame>(rest[^1]);
    }

    [Fact]
    public async Task A_REPLY_to_no_pending_request_gets_UNKNOWN_INVOCATION()
    {
        await using var relay = await platform.StartRelayAsync();
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        await client.SendAsync(new ReplyFrame("nope", "r1", MsgPackValue.Nil));
        Assert.Equal(AspErrorCodes.UnknownInvocation, Assert.IsType<ErrorFrame>(await client.ReceiveAsync()).Code);
        await client.SendAsync(new InterruptFrame("nope"));
        Assert.Equal(AspErrorCodes.UnknownInvocation, Assert.IsType<ErrorFrame>(await client.ReceiveAsync()).Code);
    }

    private static async Task<AspFrame?> TryReceiveQuietlyAsync(AspTestClient client, TimeSpan window)
    {
        try
        {
            return await client.TryReceiveAsync(window);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
