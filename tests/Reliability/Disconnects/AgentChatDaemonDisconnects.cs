using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using AgentPlatform.Client.AgentChat;
using AgentPlatform.Reliability.Proxy;
using AgentPlatform.Reliability.Suite;

namespace AgentPlatform.Reliability.Disconnects;

/// <summary>
/// The AgentChat daemon's outbox (its durable queue): <c>agentchat daemon</c>, run from its build output with a signing
/// identity, reaches the Relay's <c>/agentchat</c> through <see cref="CuttingProxy"/>; numbered lines are appended to
/// its outbox.jsonl while the proxy cuts its connection (RST and FIN alternating) whenever it is up again. A listener
/// (<see cref="AgentChatClient"/>, direct) in the channel counts every number. The daemon resends a line whose PONG it
/// did not see (at-least-once, AgentChat/README.md) with the same <c>ts</c> and <c>sig</c>, so a resent copy is the
/// same signed message and the listener drops it on <c>(from, ts, sig)</c>, as docs/protocol/agentchat.md §6.3 asks
/// of receivers; a number delivered twice under different signatures counts as duplicated.
/// </summary>
public sealed class AgentChatDaemonDisconnects : IReliabilityScenario
{
    private const int Seed = 31;
    private const string ChannelPrefix = "#disconnects-";

    public string Dialect => "agentchat";

    public string Kind => "disconnects";

    public string Name => "agentchat-daemon-disconnects";

    public string Expectation => "every line appended to the daemon's outbox reaches the channel listener exactly once (after (from, ts, sig) de-duplication) across the forced disconnects";

    public async Task<ScenarioResult> RunAsync(SuiteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var platform = await DisconnectPlatform.GetAsync(context).ConfigureAwait(false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var url = new Uri(platform.Endpoints.Raw["agentchat"]?["url"]?.GetValue<string>() ?? throw new InvalidOperationException("endpoints.json has no agentchat url"));
        await using var proxy = CuttingProxy.Start(url);
        var state = Path.Combine(Path.GetTempPath(), "agentchat-disconnects-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(state);
        try
        {
            var result = await RunAsync(context, url, proxy, state, cancellationToken).ConfigureAwait(false);
            result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:F1} s once the platform was up"));
            return result;
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private static async Task<ScenarioResult> RunAsync(SuiteContext context, Uri url, CuttingProxy proxy, string state, CancellationToken cancellationToken)
    {
        // A channel of this run's own (created by the listener, who is joined at once), so a rerun on the same platform starts empty.
        var channel = ChannelPrefix + Guid.NewGuid().ToString("N")[..8];
        var identityPath = Path.Combine(state, "identity.json");
        var identity = AgentChatIdentity.Generate("outbox-writer");
        identity.Save(identityPath);
        var tally = new DeliveryTally();
        var copies = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        long wireCopies = 0;

        await using var listener = await AgentChatClient.ConnectAsync(url, new AgentChatClientOptions { Name = "listener" }, cancellationToken).ConfigureAwait(false);
        await listener.CreateChannelAsync(channel, false, cancellationToken).ConfigureAwait(false);
        var listening = Task.Run(async () =>
        {
            await foreach (var frame in listener.Incoming.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (frame.Type() != "MSG" || frame.Text("to") != channel || frame["replay"] is not null) continue;
                if (frame.Text("content") is not { } content || !content.StartsWith('n')) continue;
                Interlocked.Increment(ref wireCopies);
                // The protocol's de-duplication key: a resent line is the same signed message.
                var key = frame.Text("from") + "|" + frame["ts"]?.ToJsonString() + "|" + frame.Text("sig");
                if (copies.TryAdd(key, 0)) tally.RecordReceived(content);
            }
        }, cancellationToken);

        var daemonDir = Path.Combine(state, "daemons", "disc");
        var outbox = Path.Combine(daemonDir, "outbox.jsonl");
        await using var daemon = AgentChatTool.Start(state, "daemon", proxy.Via(url).ToString(), "--name", "disc", "--state-dir", state,
            "--identity", identityPath, "--channels", channel, "--json");
        var log = Path.Combine(daemonDir, "daemon.log");
        var up = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!(File.Exists(log) && (await File.ReadAllTextAsync(log, cancellationToken).ConfigureAwait(false)).Contains("\"joined\"", StringComparison.Ordinal)))
        {
            if (daemon.HasExited || DateTime.UtcNow > up) throw new InvalidOperationException("the daemon did not join " + channel + ": " + daemon.Tail(20));
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        var target = context.Options.Disconnects;
        var random = new Random(Seed);
        var cuts = 0;
        var written = 0;
        var stuck = false;
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (cuts < target && DateTime.UtcNow < until && !daemon.HasExited)
        {
            // A few lines, then wait until the daemon is connected again and has delivered something since the last cut.
            written += Append(outbox, channel, written, 4, tally);
            var seen = tally.ReceivedTotal;
            var wait = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while ((proxy.Live == 0 || tally.ReceivedTotal == seen) && DateTime.UtcNow < wait)
            {
                await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            }
            if (proxy.Live == 0 || tally.ReceivedTotal == seen)
            {
                stuck = true;
                break;
            }
            written += Append(outbox, channel, written, 4, tally);
            await Task.Delay(random.Next(0, 15), cancellationToken).ConfigureAwait(false);
            if (proxy.Cut(cuts % 2 == 0 ? CutMode.Reset : CutMode.Fin) > 0) cuts++;
        }
        written += Append(outbox, channel, written, 4, tally);
        var all = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (tally.ReceivedTotal < written && DateTime.UtcNow < all && !daemon.HasExited) await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        await Task.Delay(300, cancellationToken).ConfigureAwait(false);

        var result = tally.Complete(new ScenarioResult(), cuts);
        result.Notes.Insert(0, string.Create(CultureInfo.InvariantCulture,
            $"{written} outbox lines; {cuts} cuts (RST/FIN alternating, seed {Seed}); {proxy.Accepted} TCP connections; {Interlocked.Read(ref wireCopies)} MSG frames on the wire ({Interlocked.Read(ref wireCopies) - tally.ReceivedTotal} resent copies dropped on (from, ts, sig))"));
        var rejected = Path.Combine(daemonDir, "rejected.jsonl");
        if (File.Exists(rejected)) result.Fail(string.Create(CultureInfo.InvariantCulture, $"{File.ReadAllLines(rejected).Length} outbox lines rejected"));
        if (stuck) result.Fail("the daemon delivered nothing within 20 s of a cut");
        if (cuts < target) result.Fail(string.Create(CultureInfo.InvariantCulture, $"only {cuts} of {target} disconnects were made"));
        daemon.Terminate();
        await daemon.WaitForExitAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        await listener.DisposeAsync().ConfigureAwait(false);
        try
        {
            await listening.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or AgentChatException or System.Net.WebSockets.WebSocketException or System.Threading.Channels.ChannelClosedException)
        {
            // The listener's connection ended with the scenario.
        }
        return result;
    }

    /// <summary>Appends <paramref name="count"/> numbered lines, each a complete line in one write, as an agent would.</summary>
    private static int Append(string outbox, string channel, int from, int count, DeliveryTally tally)
    {
        var lines = new System.Text.StringBuilder();
        for (var i = from; i < from + count; i++)
        {
            var content = "n" + i.ToString(CultureInfo.InvariantCulture);
            tally.RecordSent(content);
            lines.Append(new JsonObject { ["to"] = channel, ["content"] = content }.ToJsonString()).Append('\n');
        }
        File.AppendAllText(outbox, lines.ToString());
        return count;
    }
}
