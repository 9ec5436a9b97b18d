using System.Text.Json.Nodes;
using AgentPlatform.AgentChat.Daemon;
using AgentPlatform.AgentChat.Tests.Infrastructure;
using AgentPlatform.Client.AgentChat;
using AgentPlatform.TestSupport;

namespace AgentPlatform.AgentChat.Tests.Daemon;

/// <summary>The daemon's files over real sockets: outbox delivery across a daemon restart and a server restart, the inbox ring, two daemons side by side.</summary>
public sealed class DaemonFileTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task No_outbox_line_is_lost_or_repeated_across_a_daemon_restart()
    {
        await using var server = await ChatServer.StartAsync();
        using var state = new TempDir();
        await using var listener = await Agents.ConnectAsync(server, "listener");
        await listener.JoinAsync("#general");
        await using var daemon = new RunningDaemon(server, state, "alpha");
        daemon.Start();
        await Eventually.TrueAsync(() => File.Exists(daemon.Paths.Pid), Wait, "the daemon writes its pid file");

        for (var i = 1; i <= 5; i++) daemon.Post("#general", $"line {i}");
        var first = await listener.CollectContentsAsync(c => c.StartsWith("line ", StringComparison.Ordinal), 5, Wait);
        Assert.Equal([.. Enumerable.Range(1, 5).Select(i => $"line {i}")], first);

        await daemon.StopAsync();
        Assert.False(File.Exists(daemon.Paths.Pid));
        // Appended while no daemon runs: they wait in the file.
        for (var i = 6; i <= 10; i++) daemon.Post("#general", $"line {i}");
        daemon.Start();
        var second = await listener.CollectContentsAsync(c => c.StartsWith("line ", StringComparison.Ordinal), 5, Wait);
        Assert.Equal([.. Enumerable.Range(6, 5).Select(i => $"line {i}")], second);
        // Nothing more comes: lines 1-5 were acked and are not sent again.
        Assert.Empty(await listener.CollectContentsAsync(c => c.StartsWith("line ", StringComparison.Ordinal), 1, TimeSpan.FromSeconds(1)));
        var log = await File.ReadAllLinesAsync(daemon.Paths.Log);
        Assert.Equal(2, log.Count(l => l.Contains("\"event\":\"started\"", StringComparison.Ordinal)));
        Assert.DoesNotContain(log, l => l.Contains("line 3", StringComparison.Ordinal)); // contents are never logged
    }

    [Fact]
    public async Task No_outbox_line_is_lost_across_a_server_restart_and_the_daemon_rejoins_its_channels()
    {
        await using var server = await ChatServer.StartAsync();
        using var state = new TempDir();
        await using var daemon = new RunningDaemon(server, state, "beta", null, "#general", "#agents");
        daemon.Start();
        await Eventually.TrueAsync(() => daemon.InboxLines().Any(l => l.Contains("JOINED", StringComparison.Ordinal)) || File.Exists(daemon.Paths.Log) && File.ReadAllText(daemon.Paths.Log).Contains("\"joined\"", StringComparison.Ordinal), Wait, "the daemon joined");

        await server.StopAsync();
        for (var i = 1; i <= 20; i++) daemon.Post("#agents", $"during outage {i}");
        await Task.Delay(300);
        await server.StartAsync();

        await using var listener = await Agents.ConnectAsync(server, "listener");
        await listener.JoinAsync("#agents");
        var received = await listener.CollectContentsAsync(c => c.StartsWith("during outage", StringComparison.Ordinal), 20, Wait);
        Assert.Equal([.. Enumerable.Range(1, 20).Select(i => $"during outage {i}")], received.Distinct());

        // Rejoined: a message to #general after the restart reaches the inbox.
        await listener.JoinAsync("#general");
        await listener.SendConfirmedAsync("#general", "welcome back");
        await Eventually.TrueAsync(() => daemon.InboxLines().Any(l => l.Contains("welcome back", StringComparison.Ordinal)), Wait, "the daemon is in #general again");
    }

    [Fact]
    public async Task The_inbox_is_a_ring_of_the_last_1000_lines_across_a_restart()
    {
        await using var server = await ChatServer.StartAsync();
        using var state = new TempDir();
        await using var daemon = new RunningDaemon(server, state, "ring");
        daemon.Start();
        await using var sender = await Agents.ConnectAsync(server, "sender");
        await sender.JoinAsync("#general");
        await Eventually.TrueAsync(() => File.Exists(daemon.Paths.Log) && File.ReadAllText(daemon.Paths.Log).Contains("\"joined\"", StringComparison.Ordinal), Wait, "the daemon joined");
        for (var i = 0; i < 1010; i++) await sender.SendAsync("#general", $"m{i}");
        await sender.PingAsync();
        await Eventually.TrueAsync(() => daemon.InboxLines() is { Length: > 0 } lines && lines[^1].Contains("\"m1009\"", StringComparison.Ordinal), Wait, "the last message is in the inbox");
        var lines = daemon.InboxLines();
        // The file is rewritten to the newest 1000 only when it reaches 2000 lines.
        Assert.InRange(lines.Length, 1010, 2000);
        Assert.Contains("\"m10\"", lines[^1000], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.IsType<JsonObject>(JsonNode.Parse(l)));

        await daemon.StopAsync();
        daemon.Start();
        await Eventually.TrueAsync(() => File.ReadAllText(daemon.Paths.Log).Split('\n').Count(l => l.Contains("\"joined\"", StringComparison.Ordinal)) >= 2, Wait, "the daemon joined again");
        await sender.SendConfirmedAsync("#general", "after restart");
        await Eventually.TrueAsync(() => daemon.InboxLines() is { Length: > 0 } l && l[^1].Contains("after restart", StringComparison.Ordinal), Wait, "the new message is last");
        Assert.InRange(daemon.InboxLines().Length, 1000, 2000);
    }

    [Fact]
    public void The_ring_alone_keeps_exactly_the_newest_lines()
    {
        using var dir = new TempDir();
        var ring = new InboxRing(dir.Combine("inbox.jsonl"), capacity: 1000);
        for (var i = 0; i < 2500; i++) ring.Append(new JsonObject { ["n"] = i });
        var lines = File.ReadAllLines(dir.Combine("inbox.jsonl"));
        // Rewritten to the newest 1000 (1001..2000) when line 2001 came, then appended to: 1499 lines.
        Assert.Equal(1499, lines.Length);
        Assert.Equal("{\"n\":1500}", lines[^1000]);
        Assert.Equal("{\"n\":2499}", lines[^1]);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dir.Combine("inbox.jsonl")));
        var reopened = new InboxRing(dir.Combine("inbox.jsonl"), capacity: 1000);
        reopened.Append(new JsonObject { ["n"] = 2500 });
        lines = File.ReadAllLines(dir.Combine("inbox.jsonl"));
        Assert.Equal(1500, lines.Length);
        Assert.Equal("{\"n\":1501}", lines[^1000]);
    }

    [Fact]
    public async Task Two_named_daemons_run_side_by_side_with_their_own_files_and_identities()
    {
        await using var server = await ChatServer.StartAsync();
        using var state = new TempDir();
        var idA = AgentChatIdentity.Generate("one");
        var idB = AgentChatIdentity.Generate("two");
        await using var a = new RunningDaemon(server, state, "one", idA);
        await using var b = new RunningDaemon(server, state, "two", idB);
        a.Start();
        b.Start();
        await Eventually.TrueAsync(() => a.InboxLines().Any(l => l.Contains(idB.AgentId, StringComparison.Ordinal)) || b.InboxLines().Any(l => l.Contains(idA.AgentId, StringComparison.Ordinal)) || (File.Exists(a.Paths.Log) && File.Exists(b.Paths.Log) && File.ReadAllText(a.Paths.Log).Contains("\"joined\"", StringComparison.Ordinal) && File.ReadAllText(b.Paths.Log).Contains("\"joined\"", StringComparison.Ordinal)), Wait, "both joined");

        a.Post(idB.AgentId, "a direct word for two");
        b.Post("#general", "two speaks to the channel");
        await Eventually.TrueAsync(() => b.InboxLines().Any(l => l.Contains("a direct word for two", StringComparison.Ordinal)), Wait, "two got the DM");
        await Eventually.TrueAsync(() => a.InboxLines().Any(l => l.Contains("two speaks to the channel", StringComparison.Ordinal)), Wait, "one got the channel message");
        var dm = b.InboxLines().Select(l => (JsonObject)JsonNode.Parse(l)!).First(f => f.Text("content") == "a direct word for two");
        Assert.Equal(idA.AgentId, dm.Text("from"));
        Assert.NotEqual(a.Paths.Dir, b.Paths.Dir);
        var list = DaemonControl.List(state.Combine("daemons"));
        Assert.Equal(["one", "two"], list.Where(s => s.Running).Select(s => s.Name));
    }

    [Fact]
    public async Task A_line_the_server_refuses_is_recorded_in_rejected_jsonl_and_the_next_lines_still_go()
    {
        await using var server = await ChatServer.StartAsync();
        using var state = new TempDir();
        await using var listener = await Agents.ConnectAsync(server, "listener");
        await listener.JoinAsync("#general");
        await using var daemon = new RunningDaemon(server, state, "gamma");
        daemon.Start();
        daemon.Post("@nobody99", "to nobody");
        File.AppendAllText(daemon.Paths.Outbox, "not json\n");
        daemon.Post("#general", "still delivered");
        Assert.Equal(["still delivered"], await listener.CollectContentsAsync(c => c == "still delivered", 1, Wait));
        var rejected = File.ReadAllLines(daemon.Paths.Rejected).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();
        Assert.Equal(["AGENT_NOT_FOUND", "INVALID_LINE"], rejected.Select(r => r.Text("code")));
    }
}
