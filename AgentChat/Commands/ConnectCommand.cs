using System.CommandLine;
using System.Text.Json.Nodes;
using AgentPlatform.AgentChat.Output;
using AgentPlatform.Client.AgentChat;

namespace AgentPlatform.AgentChat.Commands;

/// <summary>
/// <c>agentchat connect</c>: an interactive session. Standard input lines are <c>#channel text</c>, <c>@agent text</c>,
/// plain text (to the last target), or <c>/join #c</c>, <c>/leave #c</c>, <c>/channels</c>, <c>/agents #c</c>,
/// <c>/quit</c>; what arrives prints as it comes (JSON lines with --json). End of input ends the session.
/// </summary>
public static class ConnectCommand
{
    public static Command Create(TextReader input)
    {
        var server = new Argument<string?>("server") { Description = "server URL (default as for every verb)", Arity = ArgumentArity.ZeroOrOne };
        var join = new Option<string[]>("--join", "-j") { Description = "channels to join at once", AllowMultipleArgumentsPerToken = true };
        var common = new CommonOptions();
        var command = new Command("connect", "Interactive session: type messages, see what arrives") { server, join };
        common.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var output = ClientSession.Output(parse, common);
            return ClientSession.RunAsync(output, async () =>
            {
                await using var client = await ClientSession.ConnectAsync(parse, common, parse.GetValue(server), ClientSession.LoadIdentity(parse, common), ct);
                var writer = TextWriter.Synchronized(output.Out);
                await writer.WriteLineAsync(output.Json ? new JsonObject { ["connected"] = client.AgentId, ["server"] = client.ServerName }.ToJsonString() : $"connected as {CliOutput.Bold(client.AgentId)} to {client.ServerName}");
                var printer = PrintAsync(client, writer, output.Json);
                string? target = null;
                foreach (var channel in parse.GetValue(join) ?? [])
                {
                    await client.JoinAsync(channel, ct);
                    target ??= AgentIds.Channel(channel);
                }
                while (await input.ReadLineAsync(ct) is { } line)
                {
                    line = line.Trim();
                    if (line.Length == 0) continue;
                    if (line is "/quit" or "/exit") break;
                    try
                    {
                        target = await HandleAsync(client, writer, output.Json, line, target, ct);
                    }
                    catch (AgentChatException ex) when (ex.Code is not (AgentChatException.Disconnected or AgentChatException.Timeout))
                    {
                        await writer.WriteLineAsync(output.Json ? new JsonObject { ["error"] = ex.Code, ["message"] = ex.Message }.ToJsonString() : CliOutput.Red($"error {ex.Code}: {ex.Message}"));
                    }
                }
                await client.DisposeAsync();
                await printer;
                return 0;
            });
        });
        return command;
    }

    private static async Task<string?> HandleAsync(AgentChatClient client, TextWriter writer, bool json, string line, string? target, CancellationToken ct)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var head = space < 0 ? line : line[..space];
        var tail = space < 0 ? "" : line[(space + 1)..].Trim();
        switch (head)
        {
            case "/join":
                await client.JoinAsync(tail, ct);
                return AgentIds.Channel(tail);
            case "/leave":
                await client.LeaveAsync(tail, ct);
                return target;
            case "/channels":
                var channels = await client.ListChannelsAsync(ct);
                await writer.WriteLineAsync(json
                    ? new JsonObject { ["channels"] = new JsonArray([.. channels.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["agents"] = c.Agents })]) }.ToJsonString()
                    : string.Join(Environment.NewLine, channels.Select(c => $"{c.Name}  {c.Agents}")));
                return target;
            case "/agents":
                var agents = await client.ListAgentsAsync(tail.Length == 0 ? target ?? "#general" : tail, ct);
                await writer.WriteLineAsync(json ? new JsonObject { ["agents"] = new JsonArray([.. agents.Select(a => (JsonNode)a)]) }.ToJsonString() : string.Join(' ', agents));
                return target;
        }
        if ((head.StartsWith('#') || head.StartsWith('@')) && tail.Length > 0)
        {
            await client.SendConfirmedAsync(head, tail, ct);
            return head;
        }
        if (target is null) throw new AgentChatException("USAGE", "no target yet: start the line with #channel or @agent");
        await client.SendConfirmedAsync(target, line, ct);
        return target;
    }

    private static async Task PrintAsync(AgentChatClient client, TextWriter writer, bool json)
    {
        await foreach (var frame in client.Incoming.ReadAllAsync().ConfigureAwait(false))
        {
            await writer.WriteLineAsync(json ? frame.Serialize() : CliOutput.Describe(frame)).ConfigureAwait(false);
        }
    }
}
