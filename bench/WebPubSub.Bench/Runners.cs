using System.Diagnostics;
using System.Text;

namespace AgentPlatform.WebPubSub.Bench;

/// <summary>The two measurements, identical for every peer: group fan-out and sequential round trips.</summary>
public static class Runners
{
    public static async Task<FanoutResult> FanoutAsync(string peer, BenchOptions o, Func<int, Task<MemberSocket>> connect, Func<int, Task> publish)
    {
        var capacity = o.Rounds + o.Burst + 1;
        var members = new MemberSocket[o.Members];
        using (var gate = new SemaphoreSlim(32))
        {
            await Task.WhenAll(Enumerable.Range(0, o.Members).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    members[i] = await connect(capacity);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        foreach (var m in members) m.Start();
        try
        {
            await PublishAndWaitAsync(members, 0, publish);
            var latencies = new List<double>(o.Members * o.Rounds);
            for (var r = 1; r <= o.Rounds; r++)
            {
                var t0 = await PublishAndWaitAsync(members, r, publish);
                foreach (var m in members)
                {
                    var at = m.ArrivalOf(r);
                    if (at != 0) latencies.Add(Stopwatch.GetElapsedTime(t0, at).TotalMilliseconds);
                }
            }
            var expected = (long)o.Members * o.Burst;
            var before = MemberSocket.Received;
            var start = Stopwatch.GetTimestamp();
            for (var b = 0; b < o.Burst; b++) await publish(o.Rounds + 1 + b);
            await WaitAsync(() => MemberSocket.Received - before >= expected, TimeSpan.FromSeconds(30));
            var last = members.SelectMany(m => Enumerable.Range(o.Rounds + 1, o.Burst).Select(m.ArrivalOf)).Where(t => t != 0).DefaultIfEmpty(start).Max();
            var delivered = MemberSocket.Received - before;
            var seconds = Math.Max(Stopwatch.GetElapsedTime(start, last).TotalSeconds, 1e-6);
            var sorted = latencies.Order().ToArray();
            return new FanoutResult(peer, o.Members, sorted, latencies.Count + delivered, (long)o.Members * o.Rounds + expected, delivered / seconds);
        }
        finally
        {
            await Task.WhenAll(members.Select(m => m.DisposeAsync().AsTask()));
        }
    }

    private static async Task<long> PublishAndWaitAsync(MemberSocket[] members, int id, Func<int, Task> publish)
    {
        var t0 = Stopwatch.GetTimestamp();
        await publish(id);
        await WaitAsync(() => members.All(m => m.ArrivalOf(id) != 0), TimeSpan.FromSeconds(10));
        return t0;
    }

    private static async Task WaitAsync(Func<bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done() && DateTime.UtcNow < deadline) await Task.Delay(1);
    }

    /// <summary>Sends <paramref name="count"/> requests one after another, each waiting for a frame that <paramref name="isAnswer"/> accepts.</summary>
    public static async Task<RoundTripResult> RoundTripAsync(string peer, int count, MemberSocket socket, Func<int, string> request, Func<string, bool> isAnswer)
    {
        var buffer = new byte[64 * 1024];
        var latencies = new double[count];
        for (var w = 0; w < 20; w++) await OnceAsync(w);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++) latencies[i] = await OnceAsync(i);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Array.Sort(latencies);
        return new RoundTripResult(peer, latencies, seconds);

        async Task<double> OnceAsync(int i)
        {
            var t0 = Stopwatch.GetTimestamp();
            await socket.SendAsync(request(i));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (true)
            {
                var r = await socket.Socket.ReceiveAsync(buffer, cts.Token);
                if (isAnswer(Encoding.UTF8.GetString(buffer, 0, r.Count))) return Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
        }
    }
}
