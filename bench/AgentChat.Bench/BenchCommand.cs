using System.Globalization;
using System.Text;
using AgentPlatform.TestSupport;

namespace AgentPlatform.AgentChat.Bench;

/// <summary>The run: the servers started, each measured in turn with the same members, the table printed (and written).</summary>
public static class BenchCommand
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var load = LoadAverage();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"AgentChat bench: {options.Members}-member channel, {options.Rounds} single messages (+{options.Warmup} warm-up), a burst of {options.Burst}; {Environment.ProcessorCount} cores, load {load}"));
        if (!options.Peers.Contains("floor")) throw new ArgumentException("the floor is always measured (--peers must include floor)");
        var (floorProcess, floorUrl) = await PeerProcesses.StartFloorAsync();
        await using var floor = floorProcess;
        ChildProcess? engine = null, relay = null;
        try
        {
            var peers = new List<ChannelPeer> { new("node `ws` broadcast (floor)", floorUrl, SpeaksAgentChat: false) };
            if (options.Peers.Contains("engine"))
            {
                (engine, var url) = await PeerProcesses.StartEngineAsync();
                peers.Add(new("standalone engine (`agentchat serve`'s hosting)", url, SpeaksAgentChat: true));
            }
            if (options.Peers.Contains("relay"))
            {
                (relay, var url) = await PeerProcesses.StartRelayAsync();
                peers.Add(new("Relay `/agentchat`", url, SpeaksAgentChat: true));
            }
            var results = new List<PeerResult>();
            foreach (var peer in peers) results.Add(await FanoutRun.RunAsync(peer, options));
            return Report(options, load, results);
        }
        finally
        {
            if (relay is not null) await relay.DisposeAsync();
            if (engine is not null) await engine.DisposeAsync();
        }
    }

    private static int Report(BenchOptions options, string load, List<PeerResult> results)
    {
        var table = new StringBuilder().AppendLine(PeerResult.Header);
        foreach (var r in results) table.AppendLine(r.Row(results[0]));
        Console.WriteLine();
        Console.Write(table);
        var complete = results.All(r => r.Delivered == r.Expected);
        Console.WriteLine(complete ? "every message delivered to every member" : "MESSAGES MISSING: " + string.Join(", ", results.Select(r => $"{r.Peer} {r.Delivered}/{r.Expected}")));
        if (options.WriteReadme && complete && results.Count == 3)
        {
            new ReadmeSection("agentchat-bench").Write(Section(options, load, table.ToString()));
            Console.WriteLine("bench/README.md updated");
        }
        return complete ? 0 : 1;
    }

    private static string Section(BenchOptions options, string load, string table) => string.Create(CultureInfo.InvariantCulture, $"""
        ## AgentChat.Bench: a {options.Members}-member channel through the Relay against a plain `ws` broadcast

        ```
        dotnet run -c Release --project bench/AgentChat.Bench -- --members {options.Members} --rounds {options.Rounds} --burst {options.Burst} --write-readme
        ```
        Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average (1/5/15 min) at start {load}.

        What it measures: {options.Members} members (.NET `ClientWebSocket`s in the bench process, so client cost is in every
        figure) in one channel; member 0 sends. Latency: {options.Rounds} single MSGs one after another (after {options.Warmup}
        not timed), each awaited at every member, delivery = send → frame received, over all members. Burst: {options.Burst}
        MSGs back to back (at most 500 not yet at every member), messages/s = messages / (first send → last arrival).
        Peers, each its own process: the floor is node `ws` relaying every frame unchanged to every open socket (no
        parsing, no protocol); the standalone engine is this bench in `engine` mode (AddAgentChatServer + MapAgentChat, as
        `agentchat serve` hosts it); the Relay is the Release build (`dotnet AgentPlatform.Relay.dll`, Production environment)
        with members IDENTIFYed, the channel made by CREATE_CHANNEL and JOINed, and the per-connection token bucket
        off (`AgentChat:RateLimit:Enabled=false`: the shipped 10 burst / 1 per second would measure the limiter).

        {table.TrimEnd()}
        """);

    private static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} / {parts[1]} / {parts[2]}";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
