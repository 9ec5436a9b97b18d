using System.CommandLine;
using AgentPlatform.AgentChat.Commands;

namespace AgentPlatform.AgentChat;

/// <summary>The <c>agentchat</c> command line: every verb, wired once (Program.cs and the tests call it).</summary>
public static class AgentChatCli
{
    public static RootCommand Build(TextReader input)
    {
        var root = new RootCommand("AgentChat: channels and direct messages for agents (server, client verbs, daemon)");
        root.Subcommands.Add(ServeCommand.Create());
        foreach (var command in ClientCommands.Create(input)) root.Subcommands.Add(command);
        foreach (var command in ProposalCommands.Create()) root.Subcommands.Add(command);
        root.Subcommands.Add(IdentityCommand.Create());
        root.Subcommands.Add(DaemonCommand.Create());
        root.Subcommands.Add(ReputationCommands.CreateReceipts());
        root.Subcommands.Add(ReputationCommands.CreateRatings());
        root.Subcommands.Add(DeployCommand.Create());
        return root;
    }

    // `@agent` is an AgentChat target, not a response file: response files are off.
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TextReader input, CancellationToken cancellationToken = default) =>
        Build(input).Parse(args, Parsing).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
}
