using System.CommandLine;
using AgentPlatform.Cli.Commands;

namespace AgentPlatform.Cli;

/// <summary>The <c>agentplatform</c> command line: its commands, wired once (Program.cs and tests call it).</summary>
public static class CliApplication
{
    public static RootCommand Build(TextReader input)
    {
        var root = new RootCommand("AgentPlatform command-line tool");
        root.Subcommands.Add(InvokeCommand.Create(input));
        root.Subcommands.Add(TokenCommand.Create());
        return root;
    }

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TextReader input, CancellationToken cancellationToken = default) =>
        Build(input).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
}
