using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Threading.Channels;
using AgentPlatform.Relay.Admin;
using Microsoft.Extensions.Time.Testing;

namespace AgentPlatform.Relay.Tests.Admin;

/// <summary>The admin event stream's batching: exact SSE text, starts folded into completions within one batch.</summary>
public sealed class AdminEventBatchesTests
{
    private static InvocationRecord Record(string id) =>
        new() { Id = id, Agent = "echo", ConnectionId = "c1", Mode = "relay", StartedAt = DateTimeOffset.UnixEpoch };

    private static string Format(params SseItem<object>[] items)
    {
        var output = new ArrayBufferWriter<byte>();
        AdminEventBatches.Format(items, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Fact]
    public void An_invocation_that_ended_within_the_batch_is_sent_once_as_completed()
    {
        var quick = Record("q");
        var slow = Record("s");
        var text = Format(new(quick, "invocation.started"), new(slow, "invocation.started"), new(quick, "invocation.completed"));
        Assert.Equal(
            "event: invocation.started\ndata: {\"id\":\"s\",\"agent\":\"echo\",\"connectionId\":\"c1\",\"mode\":\"relay\",\"startedAt\":\"1970-01-01T00:00:00+00:00\",\"durationMs\":null,\"status\":\"running\",\"errorCode\":null}\n\n" +
            "event: invocation.completed\ndata: {\"id\":\"q\",\"agent\":\"echo\",\"connectionId\":\"c1\",\"mode\":\"relay\",\"startedAt\":\"1970-01-01T00:00:00+00:00\",\"durationMs\":null,\"status\":\"running\",\"errorCode\":null}\n\n",
            text);
    }

    [Fact]
    public void Other_events_pass_through_in_order()
    {
        var text = Format(new(new { id = "c1" }, "connection.opened"), new(new { id = "c1" }, "connection.closed"));
        Assert.Equal("event: connection.opened\ndata: {\"id\":\"c1\"}\n\nevent: connection.closed\ndata: {\"id\":\"c1\"}\n\n", text);
    }

    [Fact]
    public async Task Events_arriving_within_the_window_go_out_in_one_write()
    {
        var time = new FakeTimeProvider();
        var events = Channel.CreateUnbounded<SseItem<object>>();
        using var body = new CountingStream();
        using var stop = new CancellationTokenSource();
        var writer = AdminEventBatches.WriteAsync(events.Reader, body, time, stop.Token);
        events.Writer.TryWrite(new(new { n = 1 }, "connection.opened"));
        events.Writer.TryWrite(new(new { n = 2 }, "connection.opened"));
        events.Writer.TryWrite(new(new { n = 3 }, "connection.opened"));
        // The writer's delay starts once it has seen the first event, which may be after this line: keep time moving.
        await WaitAsync(() => body.Flushes > 0, () => time.Advance(AdminEventBatches.Window));
        Assert.Equal(1, body.Writes);
        Assert.Equal(3, Encoding.UTF8.GetString(body.ToArray()).Split("event: ").Length - 1);
        events.Writer.Complete();
        await writer.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    private static async Task WaitAsync(Func<bool> condition, Action step)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            step();
            await Task.Delay(10, timeout.Token);
        }
    }

    private sealed class CountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public int Flushes { get; private set; }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            return base.WriteAsync(buffer, cancellationToken);
        }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return base.FlushAsync(cancellationToken);
        }
    }
}
