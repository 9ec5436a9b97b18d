using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using AgentPlatform.AgentChat.Daemon;
using AgentPlatform.AgentChat.Output;
using AgentPlatform.Client.AgentChat;

namespace AgentPlatform.AgentChat.Commands;

/// <summary><c>agentchat daemon</c>: run a named daemon (foreground or --background), or report on and stop daemons.</summary>
public static class DaemonCommand
{
    public static Command Create()
    {
        var server = new Argument<string?>("server") { Description = "server URL (default as for every verb)", Arity = ArgumentArity.ZeroOrOne };
        var name = new Option<string>("--name", "-n") { Description = "instance name (several run side by side)", DefaultValueFactory = _ => DaemonPaths.DefaultName };
        var identity = new Option<string?>("--identity", "-i") { Description = "identity file (default <state-dir>/identity.json when it exists, else an ephemeral id named after the instance)" };
        var channels = new Option<string[]>("--channels", "-c") { Description = "channels to join", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => ["#general", "#agents"] };
        var background = new Option<bool>("--background", "-b") { Description = "detach and run in the background" };
        var status = new Option<bool>("--status", "-s") { Description = "show this instance's status" };
        var list = new Option<bool>("--list", "-l") { Description = "list every instance" };
        var stop = new Option<bool>("--stop") { Description = "stop this instance" };
        var stopAll = new Option<bool>("--stop-all") { Description = "stop every running instance" };
        var common = new CommonOptions();
        var command = new Command("daemon", "A persistent connection with a file inbox and outbox") { server, name, identity, channels, background, status, list, stop, stopAll };
        command.Options.Add(common.Json);
        command.Options.Add(common.Server);
        command.Options.Add(common.DataDir);
        command.Options.Add(common.StateDir);
        command.SetAction(async (parse, ct) =>
        {
            var output = ClientSession.Output(parse, common);
            var stateDir = Path.GetFullPath(parse.GetValue(common.StateDir)!);
            var root = Path.Combine(stateDir, "daemons");
            DaemonPaths paths;
            try
            {
                paths = DaemonPaths.For(root, parse.GetValue(name)!);
            }
            catch (ArgumentException ex)
            {
                return await output.FailAsync("USAGE", ex.Message, 2);
            }
            if (parse.GetValue(list))
            {
                var all = DaemonControl.List(root);
                await output.ResultAsync(new JsonObject { ["daemons"] = new JsonArray([.. all.Select(s => (JsonNode)ToJson(s))]) },
                    all.Count == 0 ? [CliOutput.Dim("no daemons")] : [.. all.Select(Line)]);
                return 0;
            }
            if (parse.GetValue(status))
            {
                var s = DaemonControl.Status(paths);
                await output.ResultAsync(ToJson(s), Line(s));
                return 0;
            }
            if (parse.GetValue(stopAll))
            {
                var stopped = new JsonArray();
                foreach (var s in DaemonControl.List(root).Where(s => s.Running))
                {
                    if (await DaemonControl.StopAsync(DaemonPaths.For(root, s.Name), TimeSpan.FromSeconds(5), ct)) stopped.Add(s.Name);
                }
                await output.ResultAsync(new JsonObject { ["stopped"] = stopped }, $"stopped {stopped.Count} daemon{(stopped.Count == 1 ? "" : "s")}");
                return 0;
            }
            if (parse.GetValue(stop))
            {
                var stopped = await DaemonControl.StopAsync(paths, TimeSpan.FromSeconds(5), ct);
                await output.ResultAsync(new JsonObject { ["stopped"] = stopped, ["name"] = paths.Name }, stopped ? $"stopped {paths.Name}" : $"{paths.Name} was not running");
                return 0;
            }
            if (DaemonControl.Status(paths) is { Running: true } running)
            {
                return await output.FailAsync("DAEMON_RUNNING", $"daemon '{paths.Name}' already runs (pid {running.Pid})");
            }
            var url = ServerAddress.Resolve(parse.GetValue(server), parse.GetValue(common.Server), parse.GetValue(common.DataDir));
            var identityPath = parse.GetValue(identity) ?? Path.Combine(stateDir, "identity.json");
            AgentChatIdentity? loaded = null;
            if (File.Exists(identityPath)) loaded = AgentChatIdentity.Load(identityPath);
            else if (parse.GetValue(identity) is not null) return await output.FailAsync("IDENTITY_NOT_FOUND", $"no identity at {identityPath}");
            var joins = (parse.GetValue(channels) ?? []).SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(AgentIds.Channel).ToArray();
            if (parse.GetValue(background)) return await StartBackgroundAsync(output, paths, url, loaded is null ? null : Path.GetFullPath(identityPath), joins, stateDir, ct);
            var daemon = new AgentChatDaemon(new DaemonOptions
            {
                Server = url,
                Paths = paths,
                Identity = loaded,
                Name = paths.Name,
                Channels = joins,
                StateDir = stateDir,
            }, output.Json ? null : output.Out);
            await daemon.RunAsync(ct);
            return 0;
        });
        return command;
    }

    /// <summary>Starts this tool again as a detached foreground daemon and waits for its pid file.</summary>
    private static async Task<int> StartBackgroundAsync(CliOutput output, DaemonPaths paths, Uri url, string? identity, string[] channels, string stateDir, CancellationToken ct)
    {
        var start = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath!,
            WorkingDirectory = Environment.CurrentDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Under `dotnet AgentPlatform.AgentChat.dll` the process is the host: name the assembly first.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(DaemonCommand).Assembly.Location);
        foreach (var arg in new[] { "daemon", url.ToString(), "--name", paths.Name, "--state-dir", stateDir, "--json" }) start.ArgumentList.Add(arg);
        if (identity is not null)
        {
            start.ArgumentList.Add("--identity");
            start.ArgumentList.Add(identity);
        }
        start.ArgumentList.Add("--channels");
        foreach (var channel in channels) start.ArgumentList.Add(channel);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the daemon process");
        process.StandardInput.Close();
        // Nobody reads the child's output after this process exits: discard it so its writes never block.
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
        _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
        for (var i = 0; i < 200 && !process.HasExited; i++)
        {
            if (DaemonControl.Status(paths) is { Running: true, Pid: var pid } && pid == process.Id) break;
            await Task.Delay(50, ct);
        }
        var status = DaemonControl.Status(paths);
        if (!status.Running) return await output.FailAsync("DAEMON_FAILED", $"the daemon did not start; see {paths.Log}");
        await output.ResultAsync(ToJson(status), $"{ClientCommands.OutputMark()} daemon {paths.Name} started (pid {status.Pid})", CliOutput.Dim($"inbox  {paths.Inbox}"), CliOutput.Dim($"outbox {paths.Outbox}"));
        return 0;
    }

    private static JsonObject ToJson(DaemonStatus s) => new()
    {
        ["name"] = s.Name,
        ["running"] = s.Running,
        ["pid"] = s.Pid,
        ["dir"] = s.Dir,
        ["inbox_lines"] = s.InboxLines,
    };

    private static string Line(DaemonStatus s) =>
        $"{CliOutput.Bold(s.Name)}  {(s.Running ? CliOutput.Green($"running (pid {s.Pid})") : CliOutput.Dim("stopped"))}  {s.InboxLines} inbox lines  {CliOutput.Dim(s.Dir)}";
}
