using System.Diagnostics;
using System.Globalization;
using AgentPlatform.Platform.Bench.Clients;
using AgentPlatform.Platform.Bench.Composition;
using AgentPlatform.Platform.Bench.Peers;
using AgentPlatform.Platform.Bench.Report;
using AgentPlatform.Protocol.WebPubSub;

namespace AgentPlatform.Platform.Bench.Scenarios;

/// <summary>
/// Scenario 4: one publish fanned out to every member of a group, timed publish start → frame received at each member
/// (all members in this process, outside both servers), one publish at a time. The Relay is reached as an Azure client
/// would (signed REST group send, members on json.webpubsub.azure.v1 with the group in their token); the floor is the
/// Kestrel floor process's raw broadcast (POST /broadcast to plain WebSockets).
/// </summary>
public static class FanoutScenario
{
    private const string Hub = "bench";
    private const string Group = "fan";

    public sealed record Result(string Peer, int Members, int Rounds, double P50Ms, double P99Ms);

    public static async Task<(Result Floor, Result Relay)> RunAsync(BenchOptions o, ComposedPlatform platform, PeerSet peers)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(peers);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var rest = WebPubSubRest.FromConnectionString(http, platform.Endpoints.WebPubSubConnectionString);
        var floor = await MeasureAsync("raw Kestrel broadcast (floor process)", o,
            _ => GroupMember.ConnectAsync(peers.KestrelMember, null, o.FanoutRounds + 1),
            async id =>
            {
                using var body = new StringContent("r:" + id.ToString(CultureInfo.InvariantCulture));
                using var response = await http.PostAsync(peers.KestrelBroadcast, body);
                response.EnsureSuccessStatusCode();
            });
        var relay = await MeasureAsync("Relay Web PubSub: REST group send → json.webpubsub.azure.v1 members", o,
            i => GroupMember.ConnectAsync(rest.ClientUrl(Hub, "m" + i.ToString(CultureInfo.InvariantCulture), Group), WebPubSubSubprotocols.Json, o.FanoutRounds + 1),
            id => rest.SendToGroupAsync(Hub, Group, "r:" + id.ToString(CultureInfo.InvariantCulture)));
        return (floor, relay);
    }

    private static async Task<Result> MeasureAsync(string peer, BenchOptions o, Func<int, Task<GroupMember>> connect, Func<int, Task> publish)
    {
        var members = new GroupMember?[o.FanoutMembers];
        try
        {
            using (var gate = new SemaphoreSlim(32))
            {
                await Task.WhenAll(Enumerable.Range(0, o.FanoutMembers).Select(async i =>
                {
                    await gate.WaitAsync();
                    try
                    {
                        members[i] = await connect(i);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
            }
            var all = members.Select(m => m!).ToArray();
            // Round 0 warms both ends up and proves every member is in the group; it is not measured.
            await PublishAndWaitAsync(all, 0, publish);
            var latencies = new List<double>(o.FanoutMembers * o.FanoutRounds);
            for (var r = 1; r <= o.FanoutRounds; r++)
            {
                var t0 = await PublishAndWaitAsync(all, r, publish);
                latencies.AddRange(all.Select(m => Stopwatch.GetElapsedTime(t0, m.ArrivalOf(r)).TotalMilliseconds));
            }
            var sorted = latencies.Order().ToArray();
            var result = new Result(peer, o.FanoutMembers, o.FanoutRounds, LatencyRow.Percentile(sorted, 0.5), LatencyRow.Percentile(sorted, 0.99));
            Console.WriteLine($"  {peer}: p50 {result.P50Ms:F2} ms, p99 {result.P99Ms:F2} ms");
            return result;
        }
        finally
        {
            await Task.WhenAll(members.Where(m => m is not null).Select(m => m!.DisposeAsync().AsTask()));
        }
    }

    private static async Task<long> PublishAndWaitAsync(GroupMember[] members, int id, Func<int, Task> publish)
    {
        var t0 = Stopwatch.GetTimestamp();
        await publish(id);
        var deadline = Stopwatch.GetTimestamp() + 15 * Stopwatch.Frequency;
        while (members.Any(m => m.ArrivalOf(id) == 0))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"message {id}: {members.Count(m => m.ArrivalOf(id) == 0)} of {members.Length} members did not receive it within 15 s");
            }
            await Task.Delay(1);
        }
        return t0;
    }
}
