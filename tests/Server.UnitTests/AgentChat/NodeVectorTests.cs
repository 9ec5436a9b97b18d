using System.Text.Json;
using AgentPlatform.Protocol.AgentChat;
using AgentPlatform.Server.AgentChat;

namespace AgentPlatform.Server.UnitTests.AgentChat;

/// <summary>
/// Signatures made by node's crypto (as the reference client makes them: crypto.sign(null, Buffer.from(s), key),
/// base64) verify against our signing strings: the cross-implementation check of the byte-exact payloads.
/// Generated once with node 22: generateKeyPairSync("ed25519"), the PEM from export({type:"spki",format:"pem"}).
/// </summary>
public sealed class NodeVectorTests
{
    private const string Pem = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAThpJMzcqp/MB/qKTrFI5hOAy08lzq784R6Rmico7V5Y=\n-----END PUBLIC KEY-----\n";

    // JSON as node printed it, so the content's characters are exactly node's.
    private const string ContentJson = "\"héllo \\\"wörld\\\"\\n\u2028 😀 <tag> \\\\ \\u0007\"";

    private static byte[] Key => Ed25519Pem.TryParsePublicKey(Pem, out var key) ? key : throw new InvalidOperationException("bad vector PEM");

    [Fact]
    public void A_node_signed_MSG_verifies()
    {
        var content = JsonSerializer.Deserialize<string>(ContentJson)!;
        const string Sig = "4qp63EYnOoruFeRFgvgYIC8FesgGmGB+XqB9N30UoTELKR7G3F4LGDvCgn/zmPHRVX9nW8l3NItGgwzRepS5Bw==";
        Assert.True(Ed25519Signatures.Verify(Key, AgentChatSigning.Message("@target01", content, 1706889600123), Sig));
        Assert.False(Ed25519Signatures.Verify(Key, AgentChatSigning.Message("@target01", content, 1706889600124), Sig));
        Assert.False(Ed25519Signatures.Verify(Key, AgentChatSigning.Message("@target01", content + " ", 1706889600123), Sig));
    }

    [Fact]
    public void A_node_signed_proposal_and_challenge_answer_verify()
    {
        using var doc = JsonDocument.Parse("{\"amount\":0.05,\"currency\":\"SOL\"}");
        var proposal = AgentChatSigning.Proposal("@target01", "haiku", doc.RootElement.GetProperty("amount"), doc.RootElement.GetProperty("currency"), null, 300);
        Assert.True(Ed25519Signatures.Verify(Key, proposal, "rjkLH/XL698yQIA2tWE7GOMv9RUuhFeBGZr9DoRT8tTTeH4qWKCHZvsv08p8Rv4vayryRooZI3X2SQrqs1M5Bg=="));
        var auth = AgentChatSigning.Auth("00112233445566778899aabbccddeeff", "chal_x_1", 1706889600000);
        Assert.True(Ed25519Signatures.Verify(Key, auth, "OLsA6gVuLMbhX777k96ZmTdrwR0OGcEGjiWCM1JZmzkJrHbh5gqMsAskNr/HgNdD7/UsKqS28HRB6wFj89roAQ=="));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void Malformed_signatures_do_not_verify(string sig) =>
        Assert.False(Ed25519Signatures.Verify(Key, "x", sig));
}
