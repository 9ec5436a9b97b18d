using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Tests.Infrastructure;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Relay.Tests.Replicas;

/// <summary>
/// Reliable asp-v1 sessions resume on another Relay replica (two in-process Relays on one real redis-server): every
/// frame arrives exactly once and in order, whether the first replica is alive (it forwards what its invocation still
/// streams) or gone (what it stored is replayed).
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class AspV1CrossReplicaResumeTests(PlatformFixture platform)
{
    private static readonly string[] Reliable = ["reliable", "stream", "tools", "request"];

    private static async Task<(RelayHost A, RelayHost B)> TwoReplicasAsync(PlatformFixture platform, RedisServer redis)
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:redis"] = redis.ConnectionString };
        var a = await platform.StartRelayAsync(settings);
        var b = await platform.StartRelayAsync(settings);
        await a.WaitForAgentAsync(TickerAgent.AgentName);
        await b.WaitForAgentAsync(TickerAgent.AgentName);
        return (a, b);
    }

    /// <summary>Reads frames after a resume: every session number must follow the last one; stops at COMPLETE (or the window).</summary>
    private static async Task<bool> ReadOnAsync(AspTestClient client, ulong expectedNext, List<ulong> chunks, TimeSpan window)
    {
        var deadline = DateTime.UtcNow + window;
        while (DateTime.UtcNow < deadline)
        {
            var frame = await client.ReceiveAsync(TimeSpan.FromSeconds(15));
            if (frame is AckFrame) continue;
            Assert.Equal(expectedNext++, frame.SessionSeq);
            if (frame is StreamFrame s) chunks.Add(s.Seq);
            if (frame is CompleteFrame) return true;
            Assert.False(frame is ErrorFrame, "no ERROR during the stream");
        }
        return false;
    }

    private static async Task<AspFrame?> TryReceiveAsync(AspTestClient client, TimeSpan window)
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

    [Fact]
    public async Task A_stream_from_replica_A_continues_on_replica_B_exactly_once_in_order()
    {
        Assert.True(RedisServer.IsInstalled, "redis-server is installed by the test command");
        await using var redis = await RedisServer.StartAsync();
        var (a, b) = await TwoReplicasAsync(platform, redis);
        await using var ownedA = a;
        await using var ownedB = b;

        var client = await a.ConnectAsync();
        var hello = await client.HelloAsync(Reliable);
        Assert.Contains(".", hello.ResumeToken, StringComparison.Ordinal);
        await client.SendAsync(new InvokeFrame("long", TickerAgent.AgentName, MsgPackValue.Map(("count", 80), ("delayMs", 15))), sessionSeq: 1);
        var chunks = new List<ulong>();
        var processed = 0UL;
        while (chunks.Count < 20)
        {
            if (await client.ReceiveAsync() is StreamFrame s)
            {
                chunks.Add(s.Seq);
                processed = s.SessionSeq!.Value;
            }
        }
        client.Socket.Abort();
        client.Socket.Dispose();

        // The invocation keeps running on A; the client comes back through B.
        await using var again = await b.ConnectAsync();
        var resumed = await again.HelloAsync(Reliable, resume: hello.ResumeToken, lastSeq: processed);
        Assert.Equal(hello.Session, resumed.Session);
        Assert.NotEqual(hello.ResumeToken, resumed.ResumeToken);
        Assert.Equal(processed + 1, resumed.Seq);
        Assert.Equal(1UL, resumed.LastSeq);
        Assert.True(await ReadOnAsync(again, processed + 1, chunks, TimeSpan.FromSeconds(30)), "COMPLETE arrived through B");
        Assert.Equal(Enumerable.Range(0, 80).Select(i => (ulong)i), chunks);

        // A gave the session up: B holds it, A does not.
        Assert.True(b.Get<RelayCore>().Hub("asp-v1").TryGet(resumed.Cid, out _));
        await Eventually.TrueAsync(() => !a.Get<RelayCore>().Hub("asp-v1").TryGet(resumed.Cid, out _), TimeSpan.FromSeconds(5),
            "A no longer routes to its old copy");
    }

    [Fact]
    public async Task Moving_back_and_forth_between_replicas_several_times_loses_and_repeats_nothing()
    {
        Assert.True(RedisServer.IsInstalled, "redis-server is installed by the test command");
        await using var redis = await RedisServer.StartAsync();
        var (a, b) = await TwoReplicasAsync(platform, redis);
        await using var ownedA = a;
        await using var ownedB = b;

        var client = await a.ConnectAsync();
        var hello = await client.HelloAsync(Reliable);
        var token = hello.ResumeToken;
        var next = 1UL;
        var clientSeq = 1UL;
        // Each hop: an invocation starts on the replica holding the session, the socket drops mid-stream, the session
        // resumes on the other replica, and the stream ends there (one move per invocation in flight: see scale-out.md).
        for (var hop = 0; hop < 6; hop++)
        {
            var id = "hop-" + hop.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await client.SendAsync(new InvokeFrame(id, TickerAgent.AgentName, MsgPackValue.Map(("count", 30), ("delayMs", 10))), sessionSeq: clientSeq++);
            var chunks = new List<ulong>();
            while (chunks.Count < 8)
            {
                var frame = await client.ReceiveAsync(TimeSpan.FromSeconds(15));
                if (frame is AckFrame) continue;
                Assert.Equal(next++, frame.SessionSeq);
                if (frame is StreamFrame s) chunks.Add(s.Seq);
            }
            client.Socket.Abort();
            client.Socket.Dispose();
            client = await (hop % 2 == 0 ? b : a).ConnectAsync();
            await client.SendAsync(new ClientHelloFrame(1, Reliable) { Resume = token, LastSeq = next - 1 });
            var answer = await client.ReceiveAsync();
            var resumed = Assert.IsType<ServerHelloFrame>(answer is ErrorFrame e ? throw new Xunit.Sdk.XunitException($"hop {hop}: {e.Code} {e.Message}") : answer);
            Assert.Equal(next, resumed.Seq);
            Assert.Equal(clientSeq - 1, resumed.LastSeq);
            token = resumed.ResumeToken;
            Assert.True(await ReadOnAsync(client, next, chunks, TimeSpan.FromSeconds(30)), $"COMPLETE of hop {hop}");
            next = client.LastSeq + 1;
            Assert.Equal(Enumerable.Range(0, 30).Select(i => (ulong)i), chunks);
        }
        await using var last = client;
    }

    [Fact]
    public async Task When_replica_A_is_gone_replica_B_replays_what_A_stored()
    {
        Assert.True(RedisServer.IsInstalled, "redis-server is installed by the test command");
        await using var redis = await RedisServer.StartAsync();
        var (a, b) = await TwoReplicasAsync(platform, redis);
        await using var ownedB = b;

        var client = await a.ConnectAsync();
        var hello = await client.HelloAsync(Reliable);
        await client.SendAsync(new InvokeFrame("gone", TickerAgent.AgentName, MsgPackValue.Map(("count", 400), ("delayMs", 10))), sessionSeq: 1);
        var received = new List<(ulong S, ulong Chunk)>();
        while (received.Count < 12)
        {
            if (await client.ReceiveAsync() is StreamFrame s) received.Add((s.SessionSeq!.Value, s.Seq));
        }
        // The client claims it got only the first 5 chunks: the rest it received must be replayed from the store.
        var claimed = received[4].S;
        client.Socket.Abort();
        client.Socket.Dispose();
        await a.DisposeAsync();

        await using var again = await b.ConnectAsync();
        var resumed = await again.HelloAsync(Reliable, resume: hello.ResumeToken, lastSeq: claimed);
        Assert.Equal(claimed + 1, resumed.Seq);
        var replayed = new List<(ulong S, ulong Chunk)>();
        var expected = claimed + 1;
        while (await TryReceiveAsync(again, TimeSpan.FromSeconds(1)) is { } frame)
        {
            if (frame is AckFrame) continue;
            Assert.Equal(expected++, frame.SessionSeq);
            if (frame is StreamFrame s) replayed.Add((s.SessionSeq!.Value, s.Seq));
        }
        Assert.Equal(received.Skip(5), replayed.Take(7));
        Assert.Equal(Enumerable.Range(5, replayed.Count).Select(i => (ulong)i), replayed.Select(r => r.Chunk));
    }
}
