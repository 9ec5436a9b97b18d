using System.Text.RegularExpressions;
using AgentPlatform.Protocol.AgentChat;

namespace AgentPlatform.Protocol.UnitTests.AgentChat;

/// <summary>Ed25519 PEM forms and agent ids, against vectors computed outside .NET (RFC 8032 test 1 key).</summary>
public sealed partial class KeyAndIdTests
{
    private const string Rfc8032PublicHex = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private const string Rfc8032SeedHex = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private const string Rfc8032Pem = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----\n";

    [GeneratedRegex("^@[a-z0-9]{8}$")]
    private static partial Regex Ephemeral();

    [Fact]
    public void Public_keys_format_and_parse_as_node_writes_them()
    {
        Assert.Equal(Rfc8032Pem, Ed25519Pem.FormatPublicKey(Convert.FromHexString(Rfc8032PublicHex)));
        Assert.True(Ed25519Pem.TryParsePublicKey(Rfc8032Pem, out var key));
        Assert.Equal(Rfc8032PublicHex, Convert.ToHexStringLower(key));
        Assert.True(Ed25519Pem.TryParsePublicKey(Rfc8032Pem.Replace("\n", "\r\n", StringComparison.Ordinal), out _));
    }

    [Fact]
    public void Private_keys_are_pkcs8()
    {
        var pem = Ed25519Pem.FormatPrivateKey(Convert.FromHexString(Rfc8032SeedHex));
        Assert.Equal("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n-----END PRIVATE KEY-----\n", pem);
        Assert.True(Ed25519Pem.TryParsePrivateKey(pem, out var seed));
        Assert.Equal(Rfc8032SeedHex, Convert.ToHexStringLower(seed));
        Assert.False(Ed25519Pem.TryParsePublicKey(pem, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("base64...")]
    [InlineData("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n")]
    // An RSA-sized body, an X25519 key (OID 1.3.101.110) and a truncated Ed25519 key.
    [InlineData("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VuAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----\n")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcH\n-----END PUBLIC KEY-----\n")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PRIVATE KEY-----\n")]
    public void Anything_but_one_Ed25519_SPKI_key_is_refused(string? pem)
    {
        Assert.False(Ed25519Pem.TryParsePublicKey(pem, out _));
    }

    [Fact]
    public void A_key_id_is_the_first_8_hex_of_sha256_over_the_PEM_as_sent()
    {
        // python: hashlib.sha256(pem.encode()).hexdigest()[:8]
        Assert.Equal("@7f2d9ed0", AgentChatIds.FromPublicKey(Rfc8032Pem));
        // As sent: another line ending is another id, as on the reference server.
        Assert.NotEqual("@7f2d9ed0", AgentChatIds.FromPublicKey(Rfc8032Pem.Replace("\n", "\r\n", StringComparison.Ordinal)));
    }

    [Fact]
    public void Ephemeral_ids_are_eight_random_lowercase_alphanumerics()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => AgentChatIds.NewEphemeral()).ToList();
        Assert.All(ids, id => Assert.Matches(Ephemeral(), id));
        Assert.Equal(200, ids.Distinct().Count());
        Assert.Matches("^prop_[0-9a-z]+_[0-9a-f]{8}$", AgentChatIds.NewProposalId(1706889600000));
        Assert.StartsWith("chal_ls4tzwg0_", AgentChatIds.NewChallengeId(1706889600000), StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{32}$", AgentChatIds.NewNonce());
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("Agent_007-x", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("dot.name", false)]
    [InlineData("ünï", false)]
    public void Names(string name, bool valid) => Assert.Equal(valid, AgentChatNames.IsValidName(name));

    [Theory]
    [InlineData("#general", true)]
    [InlineData("#a", true)]
    [InlineData("#", false)]
    [InlineData("general", false)]
    [InlineData("#with space", false)]
    [InlineData("#abcdefghijklmnopqrstuvwxyz01234", true)]
    [InlineData("#abcdefghijklmnopqrstuvwxyz012345", false)]
    public void Channels(string channel, bool valid) => Assert.Equal(valid, AgentChatNames.IsValidChannel(channel));
}
