using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Client.Tests.AgentSocket;

public sealed class InvocationTests : IAsyncLifetime
{
    private EndpointHost? _host;
    private AgentSocketClient? _client;

    private EndpointHost Host => _host!;

    private AgentSocketClient Client => _client!;

    public async ValueTask InitializeAsync()
    {
        _host = await EndpointHost.StartAsync();
        _client = await AgentSocketClient.ConnectAsync(_host.Url, cancellationToken: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null) await _client.DisposeAsync();
        if (_host is not null) await _host.DisposeAsync();
    }

    [Fact]
    public void The_HELLO_exchange_gives_a_connection_a_session_and_a_reliable_session()
    {
        Assert.StartsWith("c-", Client.ConnectionId, StringComparison.Ordinal);
        Assert.StartsWith("s-", Client.SessionId, StringComparison.Ordinal);
        Assert.True(Client.IsReliable);
    }

    [Theory]
    [InlineData("c40300ff7f")]
    [InlineData("cfffffffffffffffff")]
    [InlineData("d38000000000000000")]
    [InlineData("d30000000000000005")]
    public async Task Echo_returns_exactly_one_chunk_with_the_input_bytes_then_complete(string hex)
    {
        var input = MsgPackValue.FromRaw(Convert.FromHexString(hex));
        var events = await Client.InvokeAllAsync("echo", input, TestContext.Current.CancellationToken);
        Assert.Equal(2, events.Count);
        var chunk = Assert.IsType<ChunkEvent>(events[0]);
        Assert.Equal(0UL, chunk.Seq);
        Assert.Equal(Convert.FromHexString(hex), chunk.Data.ToBytes());
        var complete = Assert.IsType<CompleteEvent>(events[1]);
        Assert.Null(complete.Result);
        Assert.Equal(1UL, complete.Metrics!.Chunks);
        Assert.Equal((ulong)hex.Length / 2, complete.Metrics.Bytes);
    }

    [Fact]
    public async Task Chunks_stream_in_order_with_metrics()
    {
        var seen = new List<long>();
        CompleteEvent? complete = null;
        await foreach (var evt in Client.InvokeAsync("ticker", TickerAgent.Input(300), TestContext.Current.CancellationToken))
        {
            if (evt is ChunkEvent chunk)
            {
                Assert.Equal((ulong)seen.Count, chunk.Seq);
                seen.Add(chunk.Data.AsInt64());
            }
            else
            {
                complete = Assert.IsType<CompleteEvent>(evt);
            }
        }
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), seen);
        Assert.Equal(300, complete!.Result!.AsInt64());
        Assert.Equal(300UL, complete.Metrics!.Chunks);
        Assert.True(complete.Metrics.DurationMs >= 0);
    }

    [Fact]
    public async Task Many_concurrent_invocations_share_one_connection()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(async i =>
        {
            var events = await Client.InvokeAllAsync("ticker", TickerAgent.Input(i % 7 + 1, 1), TestContext.Current.CancellationToken);
            return (i, chunks: events.OfType<ChunkEvent>().Select(c => c.Data.AsInt64()).ToList(), result: ((CompleteEvent)events[^1]).Result!.AsInt64());
        }));
        foreach (var (i, chunks, result) in results)
        {
            Assert.Equal(Enumerable.Range(0, i % 7 + 1).Select(x => (long)x), chunks);
            Assert.Equal(i % 7 + 1, result);
        }
    }

    [Fact]
    public async Task Cancelling_interrupts_the_agent_and_the_connection_stays_usable()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var evt in Client.InvokeAsync("ticker", TickerAgent.Input(100_000, 5), cancel.Token))
            {
                if (++received == 3) await cancel.CancelAsync();
            }
        });
        await Host.Ticker.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var events = await Client.InvokeAllAsync("echo", "after", TestContext.Current.CancellationToken);
        Assert.Equal("after", ((ChunkEvent)events[0]).Data.AsString());
    }

    [Fact]
    public async Task Breaking_out_of_the_enumeration_also_interrupts_the_agent()
    {
        await foreach (var evt in Client.InvokeAsync("ticker", TickerAgent.Input(100_000, 5), TestContext.Current.CancellationToken))
        {
            Assert.IsType<ChunkEvent>(evt);
            break;
        }
        await Host.Ticker.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task An_unknown_agent_is_a_typed_not_retryable_error()
    {
        var ex = await Assert.ThrowsAsync<AgentSocketException>(() => Client.InvokeAllAsync("nobody", 1, TestContext.Current.CancellationToken));
        Assert.Equal("UNKNOWN_AGENT", ex.Code);
        Assert.False(ex.Retryable);
    }

    [Fact]
    public async Task An_agent_error_keeps_its_code()
    {
        // The tools agent refuses a reply that is neither a string nor {name}.
        await using var client = await AgentSocketClient.ConnectAsync(Host.Url, new AgentSocketClientOptions
        {
            OnRequest = (_, _) => ValueTask.FromResult(MsgPackValue.From(42)),
        }, TestContext.Current.CancellationToken);
        var ex = await Assert.ThrowsAsync<AgentSocketException>(() => client.InvokeAllAsync("tools", "go", TestContext.Current.CancellationToken));
        Assert.Equal("BAD_INPUT", ex.Code);
    }

    [Fact]
    public async Task A_stateful_agent_remembers_the_session()
    {
        await Client.InvokeAllAsync("conversation", "one", TestContext.Current.CancellationToken);
        var events = await Client.InvokeAllAsync("conversation", "two", TestContext.Current.CancellationToken);
        var chunk = ((ChunkEvent)events[0]).Data;
        Assert.Equal(2, chunk["turn"].AsInt64());
        Assert.Equal(["one", "two"], chunk["history"].AsArray().Select(v => v.AsString()));
    }
}
