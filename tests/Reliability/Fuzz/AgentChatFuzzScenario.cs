using AgentPlatform.Protocol.AgentChat;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>AgentChat client frames into <see cref="AgentChatParser.Parse(ReadOnlySpan{byte})"/>: a message or an INVALID_MSG text, never a throw.</summary>
public sealed class AgentChatFuzzScenario : ParserFuzzScenario
{
    public override string Dialect => "agentchat";

    public override string Name => "fuzz-agentchat-frames";

    protected override FuzzFormat Format => new()
    {
        Name = "agentchat",
        // From tests/Protocol.UnitTests/AgentChat/ParserTests (Valid).
        Seeds =
        [
            .. FuzzTokens.Utf8(
                """{"type":"IDENTIFY","name":"agent-1"}""",
                """{"type":"IDENTIFY","name":"a","pubkey":"-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n"}""",
                """{"type":"JOIN","channel":"#general"}""",
                """{"type":"LEAVE","channel":"#general"}""",
                """{"type":"MSG","to":"#general","content":"hello world"}""",
                """{"type":"MSG","to":"@agent-id","content":"private","ts":5,"sig":"c2ln"}""",
                """{"type":"LIST_CHANNELS"}""",
                """{"type":"LIST_AGENTS","channel":"#general"}""",
                """{"type":"CREATE_CHANNEL","channel":"#private","invite_only":true}""",
                """{"type":"INVITE","channel":"#private","agent":"@agent-id"}""",
                """{"type":"PING","extra":[1,2]}""",
                """{"type":"PROPOSAL","to":"@b","task":"t","amount":5,"currency":"USD","expires":60,"sig":"s"}""",
                """{"type":"ACCEPT","proposal_id":"p1","sig":"s"}""",
                """{"type":"COMPLETE","proposal_id":"p1","proof":"tx","sig":"s"}""",
                """{"type":"VERIFY_IDENTITY","challenge_id":"c","signature":"s","timestamp":12}""",
                """{"type":"VERIFY_REQUEST","target":"@x","nonce":"n"}"""),
        ],
        Tokens = FuzzTokens.Json("type", "name", "pubkey", "channel", "to", "content", "ts", "sig", "invite_only", "agent", "proposal_id",
            "reason", "proof", "challenge_id", "signature", "timestamp", "amount", "IDENTIFY", "MSG", "JOIN", "PROPOSAL", "#", "@"),
        Parse = input =>
        {
            var result = AgentChatParser.Parse(input);
            if (result.Success) return true;
            return !string.IsNullOrEmpty(result.Error) ? false : throw new InvalidOperationException("neither a message nor an error text");
        },
    };
}
