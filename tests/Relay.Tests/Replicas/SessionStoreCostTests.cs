using System.Diagnostics;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Relay.Tests.Infrastructure;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Relay.Tests.Replicas;

/// <summary>
/// What journaling a reliable session to Redis costs on the hot path: one reliable client streams the same invocation
/// through a Relay without Redis and through one with it (frames are written to the socket once Redis holds them,
/// batched per session). Prints both rates; asserts only that every frame arrived in order.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class SessionStoreCostTests(PlatformFixture platform, ITestOutputHelper output)
{
    private const int Chunks = 5000;

    private static async Task<double> StreamAsync(RelayHost relay)
    {
        await relay.WaitForAgentAsync(TickerAgent.AgentName);
        await using var client = await relay.ConnectAsync();
        await client.HelloAsync(["reliable", "stream"]);
        var clock = Stopwatch.StartNew();
        await client.SendAsync(new InvokeFrame("cost", TickerAgent.AgentName, MsgPackValue.Map(("count", Chunks), ("delayMs", 0))), sessionSeq: 1);
        var next = 0UL;
        while (true)
        {
            var frame = await client.ReceiveAsync(TimeSpan.FromSeconds(30));
            if (frame is StreamFrame s) Assert.Equal(next++, s.Seq);
            // A reliable client acknowledges (the outbox holds at most 1,024 unacknowledged frames).
            if (frame.SessionSeq is { } seq && seq % 128 == 0) await client.SendAsync(new AckFrame(seq));
            if (frame is CompleteFrame) break;
        }
        Assert.Equal((ulong)Chunks, next);
        return Chunks / clock.Elapsed.TotalSeconds;
    }

    [Fact]
    public async Task A_reliable_stream_journaled_to_redis_keeps_its_order_and_its_rate_is_reported()
    {
        Assert.True(RedisServer.IsInstalled, "redis-server is installed by the test command");
        await using var redis = await RedisServer.StartAsync();
        await using var plain = await platform.StartRelayAsync();
        await using var shared = await platform.StartRelayAsync(new Dictionary<string, string?> { ["ConnectionStrings:redis"] = redis.ConnectionString });
        // Warm both once (JIT, connection pools), then measure.
        await StreamAsync(plain);
        await StreamAsync(shared);
        var withoutRedis = await StreamAsync(plain);
        var withRedis = await StreamAsync(shared);
        output.WriteLine($"reliable STREAM, 1 client x {Chunks}: in-process {withoutRedis:N0} frames/s, journaled to Redis {withRedis:N0} frames/s");
    }
}
