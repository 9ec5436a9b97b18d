using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Client.Tests.AgentSocket;

/// <summary>INTERRUPT with data steers (asp-v1 §5): the agent gets the data and the invocation goes on.</summary>
public sealed class SteeringTests
{
    [Fact]
    public async Task Steering_reaches_the_running_agent_at_the_in_process_endpoint_and_the_invocation_completes()
    {
        await using var host = await EndpointHost.StartAsync();
        await using var client = await AgentSocketClient.ConnectAsync(host.Url, cancellationToken: TestContext.Current.CancellationToken);
        var events = await Steering.SteerOnceAsync(client, "steer-direct");
        Assert.Equal(0, host.Ticker.Cancellations);
        Assert.Equal(41, events.OfType<ChunkEvent>().Count());
    }

    [Fact]
    public async Task Nil_steering_is_refused_because_on_the_wire_it_would_cancel()
    {
        await using var host = await EndpointHost.StartAsync();
        await using var client = await AgentSocketClient.ConnectAsync(host.Url, cancellationToken: TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<ArgumentException>(async () => await client.SteerAsync("x", MsgPackValue.Nil));
    }

    [Fact]
    public async Task A_caller_chosen_id_already_in_flight_is_refused_before_anything_is_sent()
    {
        await using var host = await EndpointHost.StartAsync();
        await using var client = await AgentSocketClient.ConnectAsync(host.Url, cancellationToken: TestContext.Current.CancellationToken);
        await using var first = client.InvokeAsync("ticker", TickerAgent.Input(50, 20), null, "same", TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        Assert.True(await first.MoveNextAsync());
        await using var second = client.InvokeAsync("ticker", TickerAgent.Input(1), null, "same", TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<ArgumentException>(async () => await second.MoveNextAsync());
    }
}
