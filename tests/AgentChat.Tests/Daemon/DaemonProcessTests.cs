using System.Text.Json.Nodes;
using AgentPlatform.AgentChat.Daemon;
using AgentPlatform.AgentChat.Tests.Infrastructure;
using AgentPlatform.Client.AgentChat;

namespace AgentPlatform.AgentChat.Tests.Daemon;

/// <summary>`agentchat daemon --background`, `--status`, `--list`, `--stop` and `--stop-all` with real processes.</summary>
public sealed class DaemonProcessTests
{
    private static JsonObject Json(string line) => (JsonObject)JsonNode.Parse(line)!;

    [Fact]
    public async Task Background_daemons_side_by_side_are_listed_deliver_their_outboxes_and_stop_by_pid()
    {
        await using var server = await ChatServer.StartAsync();
        using var state = new TempDir();
        var pids = new List<int>();
        try
        {
            foreach (var name in new[] { "left", "right" })
            {
                await using var start = ToolProcess.Start(state.Path, "daemon", server.Url, "--name", name, "--background", "--state-dir", state.Path, "--channels", "#general", "--json");
                Assert.True(await start.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, start.Output);
                var started = Json(start.Output.Split('\n').Last(l => l.StartsWith('{')));
                Assert.True(started["running"]!.GetValue<bool>());
                pids.Add(started["pid"]!.GetValue<int>());
            }
            Assert.NotEqual(pids[0], pids[1]);

            var list = Json((await CliRun.RunAsync(["daemon", "--list", "--state-dir", state.Path, "--json"])).Out)["daemons"]!.AsArray();
            Assert.Equal(["left:true", "right:true"], list.Select(d => $"{d!["name"]}:{d["running"]}"));

            await using var listener = await Agents.ConnectAsync(server, "listener");
            await listener.JoinAsync("#general");
            foreach (var name in new[] { "left", "right" })
            {
                await File.AppendAllTextAsync(Path.Combine(state.Path, "daemons", name, "outbox.jsonl"), $"{{\"to\":\"#general\",\"content\":\"from {name}\"}}\n");
            }
            var got = await listener.CollectContentsAsync(c => c.StartsWith("from ", StringComparison.Ordinal), 2, TimeSpan.FromSeconds(30));
            Assert.Equal(["from left", "from right"], got.Order());

            var stop = Json((await CliRun.RunAsync(["daemon", "--name", "left", "--stop", "--state-dir", state.Path, "--json"])).Out);
            Assert.True(stop["stopped"]!.GetValue<bool>());
            Assert.False(File.Exists(Path.Combine(state.Path, "daemons", "left", "daemon.pid")));
            var status = Json((await CliRun.RunAsync(["daemon", "--name", "left", "--status", "--state-dir", state.Path, "--json"])).Out);
            Assert.False(status["running"]!.GetValue<bool>());

            var all = Json((await CliRun.RunAsync(["daemon", "--stop-all", "--state-dir", state.Path, "--json"])).Out);
            Assert.Equal(["right"], all["stopped"]!.AsArray().Select(n => n!.GetValue<string>()));
            Assert.All(pids, pid => Assert.False(ProcessExists(pid), $"pid {pid} still runs"));
        }
        finally
        {
            foreach (var pid in pids.Where(ProcessExists))
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
            }
        }
    }

    [Fact]
    public async Task A_second_daemon_of_the_same_name_is_refused()
    {
        await using var server = await ChatServer.StartAsync();
        using var state = new TempDir();
        await using var daemon = new RunningDaemon(server, state, "solo");
        daemon.Start();
        await TestSupport.Eventually.TrueAsync(() => File.Exists(daemon.Paths.Pid), TimeSpan.FromSeconds(20), "pid file");
        var before = DaemonControl.Status(daemon.Paths);
        Assert.True(before.Running, $"{before} / {daemon.State} / pid file: {File.Exists(daemon.Paths.Pid)} / log: {File.ReadAllText(daemon.Paths.Log)}");
        var second = await CliRun.RunAsync(["daemon", server.Url, "--name", "solo", "--state-dir", state.Path, "--json"]);
        Assert.True(second.ExitCode == 1, $"{second} / {daemon.State} / log: {File.ReadAllText(daemon.Paths.Log)}");
        Assert.Equal("DAEMON_RUNNING", Json(second.Err).Text("error"));
    }

    private static bool ProcessExists(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
