using System.Text.Json.Nodes;
using AgentPlatform.AgentChat.Tests.Infrastructure;
using AgentPlatform.Client.AgentChat;
using AgentPlatform.TestSupport;

namespace AgentPlatform.AgentChat.Tests.Identity;

/// <summary>
/// identity.json round trips, its mode, and both directions with node's crypto, which is what the reference client uses
/// (generateKeyPairSync('ed25519') exported as spki/pkcs8 PEM; ids are sha256 of the PEM text).
/// </summary>
public sealed class IdentityFileTests
{
    // Reads an identity file as the reference does, signs a text, verifies our signature, and prints what it found.
    private const string NodeReader = """
        const crypto = require('crypto'); const fs = require('fs');
        const [file, text, ourSig] = process.argv.slice(1);
        const id = JSON.parse(fs.readFileSync(file, 'utf-8'));
        const priv = crypto.createPrivateKey(id.privkey), pub = crypto.createPublicKey(id.pubkey);
        console.log(JSON.stringify({
          name: id.name,
          type: pub.asymmetricKeyType,
          agentId: crypto.createHash('sha256').update(id.pubkey).digest('hex').substring(0, 8),
          samePem: pub.export({ type: 'spki', format: 'pem' }) === id.pubkey && priv.export({ type: 'pkcs8', format: 'pem' }) === id.privkey,
          sig: crypto.sign(null, Buffer.from(text), priv).toString('base64'),
          oursVerifies: crypto.verify(null, Buffer.from(text), pub, Buffer.from(ourSig, 'base64')),
        }));
        """;

    // Writes an identity file exactly as the reference's Identity.generate + save do.
    private const string NodeWriter = """
        const crypto = require('crypto'); const fs = require('fs');
        const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
        const data = { name: 'node-agent', pubkey: publicKey.export({ type: 'spki', format: 'pem' }),
          privkey: privateKey.export({ type: 'pkcs8', format: 'pem' }), created: new Date().toISOString() };
        fs.writeFileSync(process.argv[1], JSON.stringify(data, null, 2), { mode: 0o600 });
        const text = process.argv[2];
        console.log(JSON.stringify({ sig: crypto.sign(null, Buffer.from(text), privateKey).toString('base64') }));
        """;

    private static async Task<JsonObject> NodeAsync(string script, params string[] args)
    {
        await using var node = ChildProcess.Start("node", ["-e", script, .. args]);
        var code = await node.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(code == 0, node.Output);
        return (JsonObject)JsonNode.Parse(node.Output.Trim().Split('\n')[^1])!;
    }

    [Fact]
    public void Save_and_load_round_trip_with_mode_0600_and_the_reference_fields()
    {
        using var dir = new TempDir();
        var identity = AgentChatIdentity.Generate("round-trip");
        var path = dir.Combine(".agentchat", "identity.json");
        identity.Save(path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var json = (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal(["name", "pubkey", "privkey", "created"], json.Select(p => p.Key));
        var loaded = AgentChatIdentity.Load(path);
        Assert.Equal(identity.AgentId, loaded.AgentId);
        Assert.Equal(identity.PublicKeyPem, loaded.PublicKeyPem);
        Assert.Equal(identity.PrivateKeyPem, loaded.PrivateKeyPem);
        Assert.True(AgentChatIdentity.Verify("text", loaded.Sign("text"), identity.PublicKeyPem));

        // An existing file with a looser mode is tightened on save.
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        identity.Save(path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void The_agent_id_of_a_fixed_key_is_the_reference_derivation()
    {
        // Seed 0x01…0x20: the id is "@" + sha256(the SPKI PEM text)[0..8], a value computed once by node and pinned here.
        var identity = AgentChatIdentity.FromSeed("fixed", [.. Enumerable.Range(1, 32).Select(i => (byte)i)], "2026-01-01T00:00:00.000Z");
        Assert.Equal("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAebVWLo/mVPlAeLES6KmLp5AfhTrmlb7X4OORC60ElmQ=\n-----END PUBLIC KEY-----\n", identity.PublicKeyPem);
        Assert.Equal("@45c50cb5", identity.AgentId);
    }

    [Fact]
    public async Task Node_reads_our_file_gets_the_same_id_and_pem_text_and_each_side_verifies_the_other()
    {
        using var dir = new TempDir();
        var identity = AgentChatIdentity.Generate("dotnet-agent");
        var path = dir.Combine("identity.json");
        identity.Save(path);
        var text = "{\"to\":\"#general\",\"content\":\"hé\",\"ts\":1}";
        var node = await NodeAsync(NodeReader, path, text, identity.Sign(text));
        Assert.Equal("dotnet-agent", node.Text("name"));
        Assert.Equal("ed25519", node.Text("type"));
        Assert.Equal(identity.AgentId, "@" + node.Text("agentId"));
        Assert.True(node["samePem"]!.GetValue<bool>());
        Assert.True(node["oursVerifies"]!.GetValue<bool>());
        Assert.True(AgentChatIdentity.Verify(text, node.Text("sig")!, identity.PublicKeyPem));
    }

    [Fact]
    public async Task We_read_a_file_the_reference_wrote_and_sign_as_its_key()
    {
        using var dir = new TempDir();
        var path = dir.Combine("identity.json");
        var node = await NodeAsync(NodeWriter, path, "payload");
        var identity = AgentChatIdentity.Load(path);
        Assert.Equal("node-agent", identity.Name);
        Assert.True(identity.CanSign);
        Assert.True(AgentChatIdentity.Verify("payload", node.Text("sig")!, identity.PublicKeyPem));
        // Ed25519 is deterministic: our signature with its key is byte-identical to node's.
        Assert.Equal(node.Text("sig"), identity.Sign("payload"));
    }

    [Fact]
    public void Malformed_files_are_FormatExceptions()
    {
        Assert.Throws<FormatException>(() => AgentChatIdentity.Parse("not json"));
        Assert.Throws<FormatException>(() => AgentChatIdentity.Parse("{\"name\":\"x\"}"));
        Assert.Throws<FormatException>(() => AgentChatIdentity.Parse("{\"name\":\"x\",\"pubkey\":\"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\\n\"}"));
        var a = AgentChatIdentity.Generate("a");
        var b = AgentChatIdentity.Generate("b");
        var mismatched = new JsonObject { ["name"] = "x", ["pubkey"] = a.PublicKeyPem, ["privkey"] = b.PrivateKeyPem, ["created"] = "" };
        Assert.Throws<FormatException>(() => AgentChatIdentity.Parse(mismatched.ToJsonString()));
    }

    [Fact]
    public async Task Under_the_challenge_policy_a_key_holder_logs_in_with_its_stable_id_and_an_ephemeral_agent_still_connects()
    {
        await using var server = await ChatServer.StartAsync(policy: "challenge");
        var identity = AgentChatIdentity.Generate("prover");
        await using (var client = await Agents.ConnectAsync(server, identity: identity))
        {
            Assert.Equal(identity.AgentId, client.AgentId);
            await client.JoinAsync("#general");
        }
        await using var ephemeral = await Agents.ConnectAsync(server, "guest");
        Assert.Matches("^@[a-z0-9]{8}$", ephemeral.AgentId);
        // An identity without its private key cannot answer the challenge.
        var exported = AgentChatIdentity.Parse(identity.ToJson(includePrivateKey: false));
        var refused = await Assert.ThrowsAsync<AgentChatException>(() => Agents.ConnectAsync(server, identity: exported));
        Assert.Equal("VERIFICATION_FAILED", refused.Code);
    }
}
