using System.Text;
using AgentPlatform.Protocol.AgentChat;
using AgentPlatform.Protocol.AgentChat.Messages;

namespace AgentPlatform.Protocol.UnitTests.AgentChat;

/// <summary>Every client message type parsed from its exact bytes, every rejection with its INVALID_MSG text, and the writer's bytes.</summary>
public sealed class ParserTests
{
    private const string Pem = "-----BEGIN PUBLIC KEY-----\\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\\n-----END PUBLIC KEY-----\\n";

    public static TheoryData<string, AgentChatClientMessage> Valid() => new()
    {
        { "{\"type\":\"IDENTIFY\",\"name\":\"agent-1\"}", new IdentifyMessage("agent-1", null, null) },
        { "{\"type\":\"IDENTIFY\",\"name\":\"a\",\"pubkey\":null}", new IdentifyMessage("a", null, null) },
        { "{\"type\":\"JOIN\",\"channel\":\"#general\"}", new JoinMessage("#general") },
        { "{\"type\":\"LEAVE\",\"channel\":\"#general\"}", new LeaveMessage("#general") },
        { "{\"type\":\"MSG\",\"to\":\"#general\",\"content\":\"hello world\"}", new ChatMessage("#general", "hello world", null, null) },
        { "{\"type\":\"MSG\",\"to\":\"@agent-id\",\"content\":\"private\",\"ts\":5,\"sig\":\"c2ln\"}", new ChatMessage("@agent-id", "private", 5, "c2ln") },
        { "{\"type\":\"MSG\",\"to\":\"@x\",\"content\":\"\",\"ts\":7}", new ChatMessage("@x", "", 7, null) },
        { "{\"type\":\"LIST_CHANNELS\"}", new ListChannelsMessage() },
        { "{\"type\":\"LIST_AGENTS\",\"channel\":\"#general\"}", new ListAgentsMessage("#general") },
        { "{\"type\":\"CREATE_CHANNEL\",\"channel\":\"#private\",\"invite_only\":true}", new CreateChannelMessage("#private", true) },
        { "{\"type\":\"CREATE_CHANNEL\",\"channel\":\"#p\",\"invite_only\":\"yes\"}", new CreateChannelMessage("#p", true) },
        { "{\"type\":\"CREATE_CHANNEL\",\"channel\":\"#p\"}", new CreateChannelMessage("#p", false) },
        { "{\"type\":\"INVITE\",\"channel\":\"#private\",\"agent\":\"@agent-id\"}", new InviteMessage("#private", "@agent-id") },
        { "{\"type\":\"PING\",\"extra\":[1,2]}", new PingMessage() },
        { "{\"type\":\"ACCEPT\",\"proposal_id\":\"p1\",\"sig\":\"s\"}", new ProposalReplyMessage("ACCEPT", "p1", null, "s") },
        { "{\"type\":\"REJECT\",\"proposal_id\":\"p1\",\"reason\":\"no\",\"sig\":\"s\"}", new ProposalReplyMessage("REJECT", "p1", "no", "s") },
        { "{\"type\":\"COMPLETE\",\"proposal_id\":\"p1\",\"proof\":\"tx\",\"sig\":\"s\"}", new ProposalReplyMessage("COMPLETE", "p1", "tx", "s") },
        { "{\"type\":\"DISPUTE\",\"proposal_id\":\"p1\",\"reason\":\"late\",\"sig\":\"s\"}", new ProposalReplyMessage("DISPUTE", "p1", "late", "s") },
        { "{\"type\":\"VERIFY_IDENTITY\",\"challenge_id\":\"c\",\"signature\":\"s\",\"timestamp\":12}", new VerifyIdentityMessage("c", "s", 12) },
        { " {\"type\":\"PING\"} \n", new PingMessage() },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_frames_parse_to_their_message(string frame, AgentChatClientMessage expected)
    {
        var result = AgentChatParser.Parse(frame);
        Assert.True(result.Success, result.Error);
        Assert.Equal(expected, result.Message);
    }

    [Fact]
    public void An_identify_with_a_key_keeps_the_PEM_as_sent_and_the_raw_key()
    {
        var identify = Assert.IsType<IdentifyMessage>(AgentChatParser.Parse("{\"type\":\"IDENTIFY\",\"name\":\"a\",\"pubkey\":\"" + Pem + "\"}").Message);
        Assert.Equal(Pem.Replace("\\n", "\n", StringComparison.Ordinal), identify.Pubkey);
        Assert.Equal("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Convert.ToHexStringLower(identify.PublicKey!));
    }

    [Fact]
    public void A_proposal_keeps_its_optional_values_for_the_signature()
    {
        var p = Assert.IsType<ProposalMessage>(AgentChatParser.Parse(
            "{\"type\":\"PROPOSAL\",\"to\":\"@b\",\"task\":\"t\",\"amount\":0.05,\"currency\":\"SOL\",\"terms\":\"x\",\"expires\":300,\"sig\":\"s\"}").Message);
        Assert.Equal("@b|t|0.05|SOL||300", p.SigningContent);
        Assert.Equal(300, p.Expires);
        Assert.Equal("x", p.Terms?.GetString());
    }

    public static TheoryData<string, string> Invalid() => new()
    {
        { "nope", "Invalid JSON" },
        { "{\"type\":\"PING\"} x", "Invalid JSON" },
        { "[1]", "Message must be a JSON object" },
        { "{\"name\":\"a\"}", "Missing message type" },
        { "{\"type\":\"\"}", "Missing message type" },
        { "{\"type\":\"WELCOME\"}", "Unknown message type: WELCOME" },
        { "{\"type\":\"IDENTIFY\",\"name\":\"a b\"}", "Invalid agent name" },
        { "{\"type\":\"IDENTIFY\",\"name\":\"a\",\"pubkey\":\"base64...\"}", "Invalid public key format (must be Ed25519 PEM)" },
        { "{\"type\":\"IDENTIFY\",\"name\":\"a\",\"pubkey\":5}", "Invalid public key format (must be Ed25519 PEM)" },
        { "{\"type\":\"JOIN\",\"channel\":\"general\"}", "Invalid channel name" },
        { "{\"type\":\"LIST_AGENTS\"}", "Invalid channel name" },
        { "{\"type\":\"MSG\",\"content\":\"x\"}", "Missing target" },
        { "{\"type\":\"MSG\",\"to\":\"general\",\"content\":\"x\"}", "Invalid target (must be #channel or @agent)" },
        { "{\"type\":\"MSG\",\"to\":\"@\",\"content\":\"x\"}", "Invalid target (must be #channel or @agent)" },
        { "{\"type\":\"MSG\",\"to\":\"#g\"}", "Missing or invalid content" },
        { "{\"type\":\"MSG\",\"to\":\"#g\",\"content\":\"x\",\"sig\":1}", "Invalid signature format" },
        { "{\"type\":\"MSG\",\"to\":\"#g\",\"content\":\"x\",\"sig\":\"s\"}", "A signed MSG must carry the ts it signed" },
        { "{\"type\":\"MSG\",\"to\":\"#g\",\"content\":\"x\",\"ts\":1.5}", "ts must be a non-negative integer (ms)" },
        { "{\"type\":\"INVITE\",\"channel\":\"#g\",\"agent\":\"b\"}", "Invalid agent target" },
        { "{\"type\":\"PROPOSAL\",\"to\":\"#g\",\"task\":\"t\",\"sig\":\"s\"}", "Proposals must be sent to an agent (@id)" },
        { "{\"type\":\"PROPOSAL\",\"to\":\"@b\",\"sig\":\"s\"}", "Missing or invalid task description" },
        { "{\"type\":\"PROPOSAL\",\"to\":\"@b\",\"task\":\"t\"}", "Proposals must be signed" },
        { "{\"type\":\"PROPOSAL\",\"to\":\"@b\",\"task\":\"t\",\"sig\":\"s\",\"expires\":\"1\"}", "expires must be a number (seconds)" },
        { "{\"type\":\"PROPOSAL\",\"to\":\"@b\",\"task\":\"t\",\"sig\":\"s\",\"amount\":{}}", "amount must be a number" },
        { "{\"type\":\"ACCEPT\",\"sig\":\"s\"}", "Missing proposal_id" },
        { "{\"type\":\"ACCEPT\",\"proposal_id\":\"p\"}", "ACCEPT must be signed" },
        { "{\"type\":\"DISPUTE\",\"proposal_id\":\"p\",\"sig\":\"s\"}", "Missing or invalid dispute reason" },
        { "{\"type\":\"VERIFY_IDENTITY\",\"challenge_id\":\"c\",\"signature\":\"s\"}", "Missing or invalid timestamp" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_frames_name_what_is_wrong(string frame, string error)
    {
        var result = AgentChatParser.Parse(frame);
        Assert.False(result.Success);
        Assert.Equal(error, result.Error);
    }

    [Theory]
    [InlineData("task")]
    [InlineData("terms")]
    [InlineData("payment_code")]
    [InlineData("currency")]
    public void Proposal_text_fields_are_limited_to_4096_UTF16_units(string field)
    {
        string Frame(int length)
        {
            var fields = new Dictionary<string, string> { ["task"] = "t", [field] = new string('x', length) };
            return "{\"type\":\"PROPOSAL\",\"to\":\"@b\",\"sig\":\"s\"," + string.Join(",", fields.Select(f => $"\"{f.Key}\":\"{f.Value}\"")) + "}";
        }
        Assert.True(AgentChatParser.Parse(Frame(4096)).Success);
        Assert.Equal($"{field} too long (max 4096 characters)", AgentChatParser.Parse(Frame(4097)).Error);
    }

    [Fact]
    public void Content_is_limited_to_4096_UTF16_units()
    {
        Assert.True(AgentChatParser.Parse("{\"type\":\"MSG\",\"to\":\"#g\",\"content\":\"" + string.Concat(Enumerable.Repeat("😀", 2048)) + "\"}").Success);
        Assert.Equal("Content too long (max 4096 chars)", AgentChatParser.Parse("{\"type\":\"MSG\",\"to\":\"#g\",\"content\":\"" + new string('x', 4097) + "\"}").Error);
    }

    [Fact]
    public void Deep_nesting_and_invalid_UTF8_are_INVALID_MSG_not_exceptions()
    {
        Assert.Equal("Invalid JSON", AgentChatParser.Parse("{\"type\":\"PING\",\"x\":" + new string('[', 100) + new string(']', 100) + "}").Error);
        Assert.Equal("Invalid JSON", AgentChatParser.Parse("{\"type\":\""u8.ToArray().Concat(new byte[] { 0xff, 0x22, 0x7d }).ToArray()).Error);
    }

    [Fact]
    public void Server_frames_have_type_then_ts_then_fields_in_the_reference_order()
    {
        static string S(byte[] b) => Encoding.UTF8.GetString(b);
        Assert.Equal("{\"type\":\"WELCOME\",\"ts\":1,\"agent_id\":\"@a1b2c3d4\",\"server\":\"agentchat\"}", S(AgentChatWriter.Welcome("@a1b2c3d4", "agentchat", 1)));
        Assert.Equal("{\"type\":\"MSG\",\"ts\":2,\"from\":\"@a\",\"to\":\"#g\",\"content\":\"é<\\\"\",\"sig\":\"s\",\"replay\":true}", S(AgentChatWriter.Msg("@a", "#g", "é<\"", 2, "s", replay: true)));
        Assert.Equal("{\"type\":\"JOINED\",\"ts\":3,\"channel\":\"#g\",\"agents\":[\"@a\",\"@b\"]}", S(AgentChatWriter.Joined("#g", ["@a", "@b"], 3)));
        Assert.Equal("{\"type\":\"CHANNELS\",\"ts\":4,\"list\":[{\"name\":\"#general\",\"agents\":5}]}", S(AgentChatWriter.Channels([("#general", 5)], 4)));
        Assert.Equal("{\"type\":\"ERROR\",\"ts\":5,\"code\":\"INVALID_MSG\",\"message\":\"Invalid JSON\"}", S(AgentChatWriter.Error("INVALID_MSG", "Invalid JSON", 5)));
        Assert.Equal("{\"type\":\"PONG\",\"ts\":6}", S(AgentChatWriter.Pong(6)));
        Assert.Equal("{\"type\":\"CHALLENGE\",\"ts\":7,\"challenge_id\":\"chal_1\",\"nonce\":\"ab\",\"expires_at\":60007}", S(AgentChatWriter.Challenge("chal_1", "ab", 60007, 7)));
        Assert.Equal("{\"type\":\"COMPLETE\",\"ts\":8,\"proposal_id\":\"p\",\"status\":\"completed\",\"updated_at\":8,\"completed_by\":\"@b\",\"completed_at\":8,\"proof\":null,\"sig\":\"s\"}",
            S(AgentChatWriter.ProposalReply("COMPLETE", "p", "completed", 8, "@b", null, "s", 8)));
    }
}
