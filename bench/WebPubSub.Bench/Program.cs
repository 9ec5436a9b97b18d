using System.Globalization;
using AgentPlatform.WebPubSub.Bench;

var options = BenchOptions.Parse(args);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Web PubSub bench: {options.Members}-member group, {options.Rounds} single messages + a burst of {options.Burst}; {options.Events} sequential events; {Environment.ProcessorCount} cores"));
await using var peers = await BenchPeers.StartAsync();

var fanouts = new List<FanoutResult>
{
    await peers.RawFanoutAsync(options),
    await peers.RelayFanoutAsync(options, reliable: false),
    await peers.RelayFanoutAsync(options, reliable: true),
};
Console.WriteLine();
Console.WriteLine("Fan-out: one REST publish to the group, delivery latency per member (publish start → frame received)");
Console.WriteLine("| peer | members | p50 ms | p99 ms | max ms | delivered | burst deliveries/s |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var f in fanouts) Console.WriteLine(f);
foreach (var f in fanouts.Skip(1))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{f.Peer} / {fanouts[0].Peer}: p99 x{f.P99 / fanouts[0].P99:F2}, deliveries/s x{f.BurstDeliveriesPerSecond / fanouts[0].BurstDeliveriesPerSecond:F2}"));
}

var trips = new List<RoundTripResult>
{
    await peers.RawEchoAsync(options.Events),
    await peers.RelayEventAsync(options.Events),
    await peers.FunctionsInvokeAsync(Math.Min(options.Events, 200)),
};
Console.WriteLine();
Console.WriteLine("Event round trip: client frame → answer frame, sequential");
Console.WriteLine("| peer | n | p50 ms | p99 ms | per second |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var t in trips) Console.WriteLine(t);
Console.WriteLine();
Console.WriteLine("Azure Web PubSub published per-unit ceilings (p99 < 1 s, 2 KB messages): big group 3,000 msg/s out per unit;");
Console.WriteLine("upstream echo 500 msg/s in and out per unit; 1,000 concurrent connections per unit (concept-performance).");
var complete = fanouts.All(f => f.Deliveries == f.Expected);
Console.WriteLine(complete ? "every message delivered to every member" : "MESSAGES MISSING");
return complete ? 0 : 1;
