using System.CommandLine;
using System.Text.Json.Nodes;
using AgentPlatform.AgentChat.Output;
using AgentPlatform.Client.AgentChat;

namespace AgentPlatform.AgentChat.Commands;

/// <summary>The client verbs of 0.7.0: send, listen, channels, agents, create, invite (connect is in <see cref="ConnectCommand"/>).</summary>
public static class ClientCommands
{
    public static IEnumerable<Command> Create(TextReader input)
    {
        yield return Send();
        yield return Listen();
        yield return Channels();
        yield return Agents();
        yield return CreateChannel();
        yield return Invite();
        yield return ConnectCommand.Create(input);
    }

    /// <summary>A verb taking <c>[server] fixed…</c> positionals and the common options.</summary>
    private static Command Verb(string name, string description, string usage, int required, out Argument<string[]> args, out CommonOptions common)
    {
        args = new Argument<string[]>("args") { Description = usage, Arity = new ArgumentArity(required, required + 1 + 64) };
        common = new CommonOptions();
        var command = new Command(name, description) { args };
        common.AddTo(command);
        return command;
    }

    private static Command Send()
    {
        var command = Verb("send", "Send one message to #channel or @agent and disconnect (returns once the server has taken it)", "[server] <target> <message…>", 2, out var args, out var common);
        command.SetAction((parse, ct) =>
        {
            var output = ClientSession.Output(parse, common);
            return ClientSession.RunAsync(output, async () =>
            {
                var (server, rest) = ServerAddress.Split(parse.GetValue(args));
                if (rest.Length < 2) return await output.FailAsync("USAGE", "send [server] <#channel|@agent> <message>", 2);
                var target = rest[0].StartsWith('#') ? rest[0] : AgentIds.Normalize(rest[0]);
                var content = string.Join(' ', rest.Skip(1));
                await using var client = await ClientSession.ConnectAsync(parse, common, server, ClientSession.LoadIdentity(parse, common), ct);
                if (target.StartsWith('#')) await client.JoinAsync(target, ct);
                await client.SendConfirmedAsync(target, content, ct);
                await output.ResultAsync(new JsonObject { ["sent"] = true, ["from"] = client.AgentId, ["to"] = target }, $"{OutputMark()} sent to {target} as {client.AgentId}");
                return 0;
            });
        });
        return command;
    }

    private static Command Listen()
    {
        var command = Verb("listen", "Join channels and print every message as a JSON line (default #general)", "[server] [channels…]", 0, out var args, out var common);
        var max = new Option<int?>("--max-messages", "-m") { Description = "exit after this many MSG frames" };
        command.Options.Add(max);
        command.SetAction((parse, ct) =>
        {
            var output = ClientSession.Output(parse, common);
            return ClientSession.RunAsync(output, async () =>
            {
                var (server, rest) = ServerAddress.Split(parse.GetValue(args));
                var channels = rest.Length == 0 ? ["#general"] : rest.Select(AgentIds.Channel).ToArray();
                await using var client = await ClientSession.ConnectAsync(parse, common, server, ClientSession.LoadIdentity(parse, common), ct);
                foreach (var channel in channels) await client.JoinAsync(channel, ct);
                await output.Error.WriteLineAsync(new JsonObject { ["listening"] = new JsonArray([.. channels.Select(c => (JsonNode)c)]), ["agent_id"] = client.AgentId }.ToJsonString());
                var limit = parse.GetValue(max);
                var messages = 0;
                try
                {
                    await foreach (var frame in client.Incoming.ReadAllAsync(ct))
                    {
                        await output.Out.WriteLineAsync(frame.Serialize());
                        await output.Out.FlushAsync(ct);
                        if (frame.Type() == "MSG" && ++messages >= limit) return 0;
                    }
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return 0;
                }
                return await output.FailAsync(AgentChatException.Disconnected, "the server closed the connection");
            });
        });
        return command;
    }

    private static Command Channels()
    {
        var command = Verb("channels", "List the visible channels", "[server]", 0, out var args, out var common);
        command.SetAction((parse, ct) =>
        {
            var output = ClientSession.Output(parse, common);
            return ClientSession.RunAsync(output, async () =>
            {
                var (server, _) = ServerAddress.Split(parse.GetValue(args));
                await using var client = await ClientSession.ConnectAsync(parse, common, server, ClientSession.LoadIdentity(parse, common), ct);
                var list = await client.ListChannelsAsync(ct);
                var json = new JsonObject { ["channels"] = new JsonArray([.. list.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["agents"] = c.Agents })]) };
                await output.ResultAsync(json, [.. list.Select(c => $"{CliOutput.Cyan(c.Name)}  {c.Agents} agent{(c.Agents == 1 ? "" : "s")}")]);
                return 0;
            });
        });
        return command;
    }

    private static Command Agents()
    {
        var command = Verb("agents", "List the agents in a channel", "[server] <channel>", 1, out var args, out var common);
        command.SetAction((parse, ct) =>
        {
            var output = ClientSession.Output(parse, common);
            return ClientSession.RunAsync(output, async () =>
            {
                var (server, rest) = ServerAddress.Split(parse.GetValue(args));
                if (rest.Length != 1) return await output.FailAsync("USAGE", "agents [server] <channel>", 2);
                await using var client = await ClientSession.ConnectAsync(parse, common, server, ClientSession.LoadIdentity(parse, common), ct);
                var channel = AgentIds.Channel(rest[0]);
                var list = await client.ListAgentsAsync(channel, ct);
                await output.ResultAsync(new JsonObject { ["channel"] = channel, ["agents"] = new JsonArray([.. list.Select(a => (JsonNode)a)]) },
                    list.Count == 0 ? [CliOutput.Dim($"no agents in {channel}")] : [.. list]);
                return 0;
            });
        });
        return command;
    }

    private static Command CreateChannel()
    {
        var command = Verb("create", "Create a channel (and join it)", "[server] <channel>", 1, out var args, out var common);
        var invite = new Option<bool>("--private", "-p") { Description = "invite-only" };
        command.Options.Add(invite);
        command.SetAction((parse, ct) =>
        {
            var output = ClientSession.Output(parse, common);
            return ClientSession.RunAsync(output, async () =>
            {
                var (server, rest) = ServerAddress.Split(parse.GetValue(args));
                if (rest.Length != 1) return await output.FailAsync("USAGE", "create [server] <channel> [--private]", 2);
                await using var client = await ClientSession.ConnectAsync(parse, common, server, ClientSession.LoadIdentity(parse, common), ct);
                var channel = AgentIds.Channel(rest[0]);
                var inviteOnly = parse.GetValue(invite);
                await client.CreateChannelAsync(channel, inviteOnly, ct);
                await output.ResultAsync(new JsonObject { ["created"] = channel, ["invite_only"] = inviteOnly, ["by"] = client.AgentId },
                    $"{OutputMark()} created {channel}{(inviteOnly ? " (invite-only)" : "")}");
                return 0;
            });
        });
        return command;
    }

    private static Command Invite()
    {
        var command = Verb("invite", "Invite an agent to an invite-only channel (you must be a member)", "[server] <channel> <agent>", 2, out var args, out var common);
        command.SetAction((parse, ct) =>
        {
            var output = ClientSession.Output(parse, common);
            return ClientSession.RunAsync(output, async () =>
            {
                var (server, rest) = ServerAddress.Split(parse.GetValue(args));
                if (rest.Length != 2) return await output.FailAsync("USAGE", "invite [server] <channel> <agent>", 2);
                await using var client = await ClientSession.ConnectAsync(parse, common, server, ClientSession.LoadIdentity(parse, common), ct);
                var channel = AgentIds.Channel(rest[0]);
                var agent = AgentIds.Normalize(rest[1]);
                // Only a member may invite: join first (the creator of an invite-only channel is let back in).
                await client.JoinAsync(channel, ct);
                await client.InviteAsync(channel, agent, ct);
                await output.ResultAsync(new JsonObject { ["invited"] = agent, ["channel"] = channel }, $"{OutputMark()} invited {agent} to {channel}");
                return 0;
            });
        });
        return command;
    }

    internal static string OutputMark() => CliOutput.Green("✓");
}
