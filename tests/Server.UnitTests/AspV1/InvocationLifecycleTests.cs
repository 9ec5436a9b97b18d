using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Server.Limits;

namespace AgentPlatform.Server.UnitTests.AspV1;

/// <summary>
/// The invocation lifecycle (docs/protocol/asp-v1.md, sections 3 and 5), tested once on the engine: the Relay
/// (relay and direct mode), the in-process endpoint and the provider link all run it.
/// </summary>
public sealed class InvocationLifecycleTests
{
    [Fact]
    public async Task Streamed_output_is_numbered_from_zero_and_counted_in_COMPLETE()
    {
        await using var h = new EngineHarness(chunks: 3);
        await h.HelloAsync("stream");
        await h.SendAsync(new InvokeFrame("i1", "echo", MsgPackValue.From("x")));
        var frames = await h.Transport.UntilAsync(f => f is CompleteFrame);
        Assert.Equal([0UL, 1UL, 2UL], frames.OfType<StreamFrame>().Select(s => s.Seq));
        var complete = Assert.IsType<CompleteFrame>(frames[^1]);
        Assert.Equal(3UL, complete.Metrics!.Chunks);
        Assert.Equal(6UL, complete.Metrics.Bytes); // "x" is 2 bytes of MessagePack, three times
        Assert.Null(complete.Result);
    }

    [Fact]
    public async Task Stream_false_sends_no_STREAM_and_the_whole_output_in_COMPLETE()
    {
        await using var h = new EngineHarness(chunks: 2);
        await h.HelloAsync("stream");
        await h.SendAsync(new InvokeFrame("i1", "echo", MsgPackValue.From("x")) { Stream = false });
        var complete = Assert.IsType<CompleteFrame>(Assert.Single(await h.Transport.UntilAsync(f => f is CompleteFrame)));
        Assert.Equal(2, complete.Result!.Count);
        Assert.Equal("x", complete.Result[0].AsString());
        Assert.Equal(2UL, complete.Metrics!.Chunks);
    }

    [Fact]
    public async Task The_deadline_is_the_smaller_of_timeoutMs_and_the_host_limit()
    {
        await using var h = new EngineHarness(maxDuration: TimeSpan.FromSeconds(5));
        await h.HelloAsync();
        await h.SendAsync(new InvokeFrame("asked", "hang", MsgPackValue.Nil) { TimeoutMs = 1000 });
        await h.SendAsync(new InvokeFrame("capped", "hang", MsgPackValue.Nil) { TimeoutMs = 60_000 });
        while (h.Target.Started < 2) await Task.Delay(10, TestContext.Current.CancellationToken);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        var first = Assert.IsType<ErrorFrame>(await h.Transport.NextAsync());
        Assert.Equal(("asked", AspErrorCodes.Timeout), (first.Id, first.Code));
        h.Time.Advance(TimeSpan.FromSeconds(4));
        var second = Assert.IsType<ErrorFrame>(await h.Transport.NextAsync());
        Assert.Equal(("capped", AspErrorCodes.Timeout), (second.Id, second.Code));
        await h.Target.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal("timeout", h.Target.StoppedWith);
    }

    [Fact]
    public async Task INTERRUPT_answers_at_once_stops_the_target_and_frees_the_id()
    {
        await using var h = new EngineHarness();
        await h.HelloAsync();
        await h.SendAsync(new InvokeFrame("i1", "hang", MsgPackValue.Nil));
        await h.SendAsync(new InterruptFrame("i1") { Data = MsgPackValue.From("steer") });
        await h.SendAsync(new InterruptFrame("i1") { Reason = "enough" });
        var error = Assert.IsType<ErrorFrame>(await h.Transport.NextAsync());
        Assert.Equal((AspErrorCodes.Interrupted, "enough", false), (error.Code, error.Message, error.Retryable));
        Assert.Equal("steer", Assert.Single(h.Target.Steered).AsString());
        Assert.Equal("enough", h.Target.StoppedWith);
        await h.SendAsync(new InterruptFrame("i1"));
        Assert.Equal(AspErrorCodes.UnknownInvocation, Assert.IsType<ErrorFrame>(await h.Transport.NextAsync()).Code);
        await h.SendAsync(new InvokeFrame("i1", "echo", MsgPackValue.From("again")));
        Assert.IsType<CompleteFrame>((await h.Transport.UntilAsync(f => f is CompleteFrame))[^1]);
    }

    [Theory]
    [InlineData("nobody", AspErrorCodes.UnknownAgent)]
    [InlineData("throws", AspErrorCodes.Internal)]
    public async Task A_refused_or_failed_invocation_ends_in_one_ERROR(string agent, string code)
    {
        await using var h = new EngineHarness();
        await h.HelloAsync();
        await h.SendAsync(new InvokeFrame("i1", agent, MsgPackValue.Nil));
        var error = Assert.IsType<ErrorFrame>(await h.Transport.NextAsync());
        Assert.Equal(("i1", code), (error.Id, error.Code));
    }

    [Fact]
    public async Task Duplicate_ids_and_too_many_in_flight_are_refused_without_ending_the_others()
    {
        await using var h = new EngineHarness(new ConnectionLimits { MaxConcurrentInvocations = 2 });
        await h.HelloAsync();
        await h.SendAsync(new InvokeFrame("a", "hang", MsgPackValue.Nil));
        await h.SendAsync(new InvokeFrame("a", "hang", MsgPackValue.Nil));
        Assert.Equal(AspErrorCodes.DuplicateId, Assert.IsType<ErrorFrame>(await h.Transport.NextAsync()).Code);
        await h.SendAsync(new InvokeFrame("b", "hang", MsgPackValue.Nil));
        await h.SendAsync(new InvokeFrame("c", "hang", MsgPackValue.Nil));
        var refused = Assert.IsType<ErrorFrame>(await h.Transport.NextAsync());
        Assert.Equal(("c", AspErrorCodes.TooManyInvocations, true), (refused.Id, refused.Code, refused.Retryable));
    }

    [Fact]
    public async Task When_the_client_leaves_everything_in_flight_is_stopped()
    {
        var h = new EngineHarness();
        await h.HelloAsync();
        await h.SendAsync(new InvokeFrame("i1", "hang", MsgPackValue.Nil));
        await Task.Delay(50, TestContext.Current.CancellationToken);
        await h.PeerClosesAsync();
        await h.Target.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal("client disconnected", h.Target.StoppedWith);
        Assert.Equal(1000, await h.Transport.Closed.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }
}
