using AgentPlatform.Relay.Acp.Agents.Stdio;

namespace AgentPlatform.Relay.Tests.Acp.Stdio;

/// <summary>Acp:Agents:{name}:Command is split into words like a shell would, without running one.</summary>
public sealed class CommandLineTests
{
    public static TheoryData<string, string[]> Lines => new()
    {
        { "node agent.mjs", ["node", "agent.mjs"] },
        { "  node\t agent.mjs  --port 3 ", ["node", "agent.mjs", "--port", "3"] },
        { "node 'my agent.mjs'", ["node", "my agent.mjs"] },
        { "node \"my agent.mjs\" --x", ["node", "my agent.mjs", "--x"] },
        { "echo 'a \"b\" c'", ["echo", "a \"b\" c"] },
        { "echo \"it's \\\"here\\\" \\\\ \\n\"", ["echo", "it's \"here\" \\ \\n"] },
        { "echo a\\ b c", ["echo", "a b", "c"] },
        { "echo pre'quoted'post \"x\"y", ["echo", "prequotedpost", "xy"] },
        { "echo '' \"\"", ["echo", "", ""] },
        { "echo $HOME *", ["echo", "$HOME", "*"] },
        { "", [] },
        { "   ", [] },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void Splits_like_a_shell(string line, string[] words) => Assert.Equal(words, CommandLine.Split(line));

    [Theory]
    [InlineData("node 'unclosed")]
    [InlineData("node \"unclosed")]
    [InlineData("node trailing\\")]
    public void A_line_a_shell_could_not_split_is_a_format_error(string line) =>
        Assert.Throws<FormatException>(() => CommandLine.Split(line));
}
