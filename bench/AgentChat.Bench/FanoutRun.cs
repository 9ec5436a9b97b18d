namespace AgentPlatform.AgentChat.Bench;

/// <summary>
/// One peer measured: the members enter the channel, member 0 sends numbered messages one at a time (each awaited at
/// every member: delivery latency) and then a burst (at most <see cref="Window"/> in flight: messages and deliveries
/// per second).
/// </summary>
public static class FanoutRun
{
    private const int Window = 500;

    public static async Task<PeerResult> RunAsync(ChannelPeer peer, BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(options);
        var single = options.Warmup + options.Rounds;
        var total = single + options.Burst;
        var delivery = new Delivery(total, options.Members);
        var members = new List<ChatMember>();
        try
        {
            for (var i = 0; i < options.Members; i++)
            {
                var member = await ChatMember.ConnectAsync(peer.Url, delivery, i);
                members.Add(member);
                await peer.EnterAsync(member, i);
                member.Start();
            }
            var sender = members[0];
            for (var id = 0; id < single; id++)
            {
                delivery.Sent(id);
                await sender.SendAsync(ChannelPeer.Frame(id));
                await delivery.Complete(id).WaitAsync(TimeSpan.FromSeconds(30));
            }
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            for (var id = single; id < total; id++)
            {
                if (id - Window >= single) await delivery.Complete(id - Window).WaitAsync(TimeSpan.FromSeconds(60));
                delivery.Sent(id);
                await sender.SendAsync(ChannelPeer.Frame(id));
            }
            var all = Task.WhenAll(Enumerable.Range(single, options.Burst).Select(delivery.Complete));
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(60)));
            var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started, Math.Max(started, delivery.LastArrival(single, total))).TotalSeconds;
            var latencies = delivery.Latencies(options.Warmup, single);
            var burst = delivery.Latencies(single, total);
            return new PeerResult(peer.Name, options.Members, Percentiles.Of(latencies, 50), Percentiles.Of(latencies, 99), latencies.Count == 0 ? double.NaN : latencies.Max(),
                options.Burst / seconds, options.Burst * (double)options.Members / seconds, Percentiles.Of(burst, 99),
                delivery.Delivered, (long)total * options.Members);
        }
        finally
        {
            foreach (var m in members) await m.DisposeAsync();
        }
    }
}
