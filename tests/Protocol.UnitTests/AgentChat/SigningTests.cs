using System.Text;
using System.Text.Json;
using AgentPlatform.Protocol.AgentChat;

namespace AgentPlatform.Protocol.UnitTests.AgentChat;

/// <summary>The signed strings, byte for byte as the reference client (node) builds them.</summary>
public sealed class SigningTests
{
    [Theory]
    // Expected values printed by node: JSON.stringify({to, content, ts}).
    [InlineData("#general", "hello", 1706889600000L, "{\"to\":\"#general\",\"content\":\"hello\",\"ts\":1706889600000}")]
    [InlineData("@abc12345", "a\"b\\c\n\u0001", 1L, "{\"to\":\"@abc12345\",\"content\":\"a\\\"b\\\\c\\n\\u0001\",\"ts\":1}")]
    [InlineData("#x", "\b\f\r\t\u001f\u007f", 0L, "{\"to\":\"#x\",\"content\":\"\\b\\f\\r\\t\\u001f\u007f\",\"ts\":0}")]
    [InlineData("#x", "é😀\u2028</script>", 2L, "{\"to\":\"#x\",\"content\":\"é😀\u2028</script>\",\"ts\":2}")]
    public void Msg_payload_is_JSON_stringify_of_to_content_ts(string to, string content, long ts, string expected)
    {
        Assert.Equal(expected, AgentChatSigning.Message(to, content, ts));
    }

    [Fact]
    public void A_lone_surrogate_is_escaped_as_JSON_stringify_does()
    {
        // Not an InlineData: xunit's serialization of attribute strings does not keep lone surrogates.
        Assert.Equal("{\"to\":\"#x\",\"content\":\"\\ud800x\\udfff\",\"ts\":3}", AgentChatSigning.Message("#x", "\ud800x\udfff", 3));
    }

    [Fact]
    public void Proposal_verbs_and_the_challenge_sign_pipe_joined_strings()
    {
        using var doc = JsonDocument.Parse("{\"n\":0.05,\"s\":\"10\",\"zero\":0,\"empty\":\"\",\"cur\":\"SOL\"}");
        var root = doc.RootElement;
        Assert.Equal("@b|task|0.05|SOL||300", AgentChatSigning.Proposal("@b", "task", root.GetProperty("n"), root.GetProperty("cur"), null, 300));
        Assert.Equal("@b|task|10|||", AgentChatSigning.Proposal("@b", "task", root.GetProperty("s"), null, root.GetProperty("empty"), null));
        // `amount || ''`: zero is falsy in JavaScript.
        Assert.Equal("@b|task||||", AgentChatSigning.Proposal("@b", "task", root.GetProperty("zero"), null, null, 0));
        Assert.Equal("ACCEPT|prop_1|", AgentChatSigning.Accept("prop_1", null));
        Assert.Equal("ACCEPT|prop_1|PM8T", AgentChatSigning.Accept("prop_1", "PM8T"));
        Assert.Equal("REJECT|prop_1|busy", AgentChatSigning.Reject("prop_1", "busy"));
        Assert.Equal("COMPLETE|prop_1|", AgentChatSigning.Complete("prop_1", null));
        Assert.Equal("DISPUTE|prop_1|late", AgentChatSigning.Dispute("prop_1", "late"));
        Assert.Equal("AGENTCHAT_AUTH|00ff|chal_x_1|1706889600000", AgentChatSigning.Auth("00ff", "chal_x_1", 1706889600000));
    }

    [Theory]
    // Expected values printed by node: String(x).
    [InlineData(0.05, "0.05")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(123.456, "123.456")]
    [InlineData(100d, "100")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(123456789012345680000d, "123456789012345680000")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(0.0000015, "0.0000015")]
    [InlineData(-3.5, "-3.5")]
    [InlineData(9007199254740994d, "9007199254740994")]
    [InlineData(0d, "0")]
    public void Numbers_format_as_JavaScript_String(double x, string expected)
    {
        Assert.Equal(expected, JavaScriptJson.FormatNumber(x));
    }

    [Fact]
    public void Quote_is_UTF8_stable()
    {
        var sb = new StringBuilder();
        JavaScriptJson.Quote(sb, "ü");
        Assert.Equal([0x22, 0xc3, 0xbc, 0x22], Encoding.UTF8.GetBytes(sb.ToString()));
    }
}
