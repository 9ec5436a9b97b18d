using AgentPlatform.Client.AgentSocket;

namespace AgentPlatform.Client.Tests.AgentSocket;

/// <summary>Dropped connections in the middle of a stream: every frame reaches the application exactly once, in order.</summary>
public sealed class ResumeTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_stream_survives_forced_disconnects_with_no_loss_and_no_duplicates(bool serverSideDrop)
    {
        await using var host = await EndpointHost.StartAsync();
        await using var client = await AgentSocketClient.ConnectAsync(host.Url, new AgentSocketClientOptions { AckInterval = TimeSpan.FromMilliseconds(20) },
            TestContext.Current.CancellationToken);
        var session = client.SessionId;
        const int Count = 400;
        var seen = new List<long>();
        CompleteEvent? complete = null;
        await foreach (var evt in client.InvokeAsync("ticker", TickerAgent.Input(Count, 1), TestContext.Current.CancellationToken))
        {
            if (evt is ChunkEvent chunk)
            {
                Assert.Equal((ulong)seen.Count, chunk.Seq);
                seen.Add(chunk.Data.AsInt64());
                // Drop the connection three times mid-stream, from one side or the other.
                if (seen.Count is 50 or 150 or 300)
                {
                    if (serverSideDrop) host.Endpoint.AbortConnections();
                    else client.AbortConnection();
                }
            }
            else
            {
                complete = Assert.IsType<CompleteEvent>(evt);
            }
        }
        Assert.Equal(Enumerable.Range(0, Count).Select(i => (long)i), seen);
        Assert.Equal(Count, complete!.Result!.AsInt64());
        Assert.True(client.Reconnects >= 3, "reconnected " + client.Reconnects + " times");
        Assert.Equal(session, client.SessionId);
    }

    [Fact]
    public async Task Frames_produced_while_the_client_is_away_are_replayed()
    {
        await using var host = await EndpointHost.StartAsync();
        await using var client = await AgentSocketClient.ConnectAsync(host.Url, new AgentSocketClientOptions
        {
            // The first reconnect waits, so the agent produces everything while nobody is connected.
            ReconnectDelays = [TimeSpan.FromMilliseconds(600), TimeSpan.FromMilliseconds(100)],
        }, TestContext.Current.CancellationToken);
        var seen = new List<long>();
        await foreach (var evt in client.InvokeAsync("ticker", TickerAgent.Input(100, 2), TestContext.Current.CancellationToken))
        {
            if (evt is not ChunkEvent chunk) continue;
            seen.Add(chunk.Data.AsInt64());
            if (seen.Count == 5) client.AbortConnection();
        }
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task Invocations_started_while_reconnecting_are_sent_after_the_resume()
    {
        await using var host = await EndpointHost.StartAsync();
        await using var client = await AgentSocketClient.ConnectAsync(host.Url, new AgentSocketClientOptions
        {
            ReconnectDelays = [TimeSpan.FromMilliseconds(300)],
        }, TestContext.Current.CancellationToken);
        client.AbortConnection();
        await Task.Delay(50, TestContext.Current.CancellationToken);
        var events = await client.InvokeAllAsync("echo", "queued", TestContext.Current.CancellationToken);
        Assert.Equal("queued", ((ChunkEvent)events[0]).Data.AsString());
        Assert.Equal(1, client.Reconnects);
    }

    [Fact]
    public async Task An_expired_session_fails_in_flight_invocations_with_RESUME_FAILED_and_starts_afresh()
    {
        await using var host = await EndpointHost.StartAsync(o => o.ResumeWindow = TimeSpan.FromMilliseconds(100));
        await using var client = await AgentSocketClient.ConnectAsync(host.Url, new AgentSocketClientOptions
        {
            ReconnectDelays = [TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(100)],
        }, TestContext.Current.CancellationToken);
        var oldSession = client.SessionId;
        var ex = await Assert.ThrowsAsync<AgentSocketException>(async () =>
        {
            await foreach (var evt in client.InvokeAsync("ticker", TickerAgent.Input(1000, 5), TestContext.Current.CancellationToken))
            {
                client.AbortConnection();
            }
        });
        Assert.Equal("RESUME_FAILED", ex.Code);
        await TestSupport.Eventually.TrueAsync(() => client.SessionId != oldSession, TimeSpan.FromSeconds(10), "a new session");
        var events = await client.InvokeAllAsync("echo", "fresh", TestContext.Current.CancellationToken);
        Assert.Equal("fresh", ((ChunkEvent)events[0]).Data.AsString());
    }

    [Fact]
    public async Task Without_a_reliable_session_a_drop_fails_in_flight_invocations_as_retryable()
    {
        await using var host = await EndpointHost.StartAsync();
        await using var client = await AgentSocketClient.ConnectAsync(host.Url, new AgentSocketClientOptions { Reliable = false },
            TestContext.Current.CancellationToken);
        Assert.False(client.IsReliable);
        var ex = await Assert.ThrowsAsync<AgentSocketException>(async () =>
        {
            await foreach (var evt in client.InvokeAsync("ticker", TickerAgent.Input(1000, 5), TestContext.Current.CancellationToken))
            {
                client.AbortConnection();
            }
        });
        Assert.Equal(AgentSocketException.ConnectionLost, ex.Code);
        Assert.True(ex.Retryable);
    }
}
