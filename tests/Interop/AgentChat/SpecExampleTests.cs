using System.Text.RegularExpressions;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Interop.AgentChat;

/// <summary>
/// Every example of docs/protocol/agentchat.md §11, replayed frame by frame by the node client against the Relay and
/// the standalone engine, so the normative text cannot drift from what the servers do.
/// </summary>
[Collection(AgentChatGroup.Name)]
public sealed partial class SpecExampleTests(AgentChatServers servers)
{
    public static TheoryData<string, string> TargetsAndExamples()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in new[] { AgentChatServers.Relay, AgentChatServers.Engine })
        {
            foreach (var name in ExampleNames()) data.Add(target, name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(TargetsAndExamples))]
    public async Task The_spec_example_replays(string target, string example)
    {
        var (code, output) = await servers.RunAsync("spec-examples.mjs", target, ["--only", example], TimeSpan.FromSeconds(60));
        Assert.True(code == 0 && output.Contains("PASS " + example, StringComparison.Ordinal), $"{example} against {target} exited {code}:\n{output}");
    }

    [Fact]
    public void The_spec_has_examples_for_the_message_types_and_the_challenge()
    {
        var text = File.ReadAllText(RepoPaths.Combine("docs", "protocol", "agentchat.md"));
        var names = ExampleNames();
        Assert.True(names.Count >= 10, string.Join(", ", names));
        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (var type in new[] { "IDENTIFY", "JOIN", "LEAVE", "MSG", "LIST_CHANNELS", "LIST_AGENTS", "CREATE_CHANNEL", "INVITE", "PING", "PROPOSAL", "ACCEPT", "COMPLETE", "VERIFY_IDENTITY" })
        {
            Assert.Contains($"-> {{\"type\":\"{type}\"", text, StringComparison.Ordinal);
        }
    }

    private static List<string> ExampleNames() =>
        [.. ExampleMarker().Matches(File.ReadAllText(RepoPaths.Combine("docs", "protocol", "agentchat.md"))).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("<!-- example: ([a-z0-9-]+)")]
    private static partial Regex ExampleMarker();
}
