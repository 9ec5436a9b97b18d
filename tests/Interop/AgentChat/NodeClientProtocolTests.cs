namespace AgentPlatform.Interop.AgentChat;

/// <summary>
/// The node client written from docs/protocol/agentchat.md alone (tests/Interop/node/agentchat, npm <c>ws</c> and
/// node's crypto) passes every protocol case against the Relay's <c>/agentchat</c> and the standalone engine.
/// </summary>
[Collection(AgentChatGroup.Name)]
public sealed class NodeClientProtocolTests(AgentChatServers servers)
{
    /// <summary>Every case of cases.mjs; a Fact below keeps this list equal to the script's.</summary>
    public static readonly string[] Cases =
    [
        "identify-ephemeral", "identify-null-pubkey-is-ephemeral", "identify-twice-is-invalid", "identify-invalid-names",
        "identify-invalid-pubkeys", "auth-required-before-identify", "join-general-and-agent-joined", "join-errors",
        "leave-and-agent-left", "disconnect-sends-agent-left", "msg-channel-reaches-every-member-and-the-sender",
        "msg-channel-errors", "msg-invalid-frames", "malformed-frames-keep-the-connection", "dm-reaches-target-and-echoes",
        "replay-last-20-marked", "list-channels-hides-invite-only", "list-agents", "create-channel", "invite-only-and-invite",
        "ping-pong", "rate-limit-token-bucket", "persistent-identity-id-and-takeover", "identity-file-format",
        "signed-msg-verifiable-from-the-wire", "forged-signature-refused", "proposal-accept-complete",
        "proposal-reject-and-dispute", "proposal-requires-identity-and-valid-signature", "seed-policy-accepts-a-key-claim",
        "challenge-policy-login", "challenge-policy-refusals", "limit-frame-over-2mib-closes-1009",
        "limit-pre-auth-frames-close-1008", "limit-invalid-utf8", "fuzz-leaves-server-serving", "platform-agent-dm",
    ];

    public static TheoryData<string, string> TargetsAndCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in new[] { AgentChatServers.Relay, AgentChatServers.Engine })
        {
            foreach (var name in Cases.Where(c => !c.StartsWith("platform-", StringComparison.Ordinal))) data.Add(target, name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(TargetsAndCases))]
    public async Task The_node_client_passes(string target, string name)
    {
        var (code, output) = await servers.RunAsync("run.mjs", target, ["--only", name], TimeSpan.FromSeconds(60));
        Assert.True(code == 0 && output.Contains("PASS " + name, StringComparison.Ordinal), $"{name} against {target} exited {code}:\n{output}");
    }

    [Fact]
    public async Task Through_the_relay_a_platform_agent_is_a_member_answering_DMs()
    {
        const string Name = "platform-agent-dm";
        var (code, output) = await servers.RunAsync("run.mjs", AgentChatServers.Relay, ["--platform", AgentChatServers.PlatformAgent, "--token", AgentChatServers.SocketToken, "--only", Name], TimeSpan.FromSeconds(60));
        Assert.True(code == 0 && output.Contains("PASS " + Name, StringComparison.Ordinal), $"{Name} exited {code}:\n{output}");
    }

    [Fact]
    public async Task The_case_list_is_the_scripts()
    {
        var (code, output) = await servers.RunAsync("run.mjs", AgentChatServers.Engine, ["--list"], TimeSpan.FromSeconds(30));
        Assert.Equal(0, code);
        Assert.Equal(Cases, output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
